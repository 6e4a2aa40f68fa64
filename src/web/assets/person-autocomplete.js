// Progressive enhancement: each list of people becomes a searchable box (alphagov's accessible-autocomplete).
// Without JavaScript the plain select works the same, so nothing depends on this.
for (const select of document.querySelectorAll('select[data-person-autocomplete]')) {
  window.accessibleAutocomplete.enhanceSelectElement({ selectElement: select, showAllValues: true, defaultValue: '' });
}
