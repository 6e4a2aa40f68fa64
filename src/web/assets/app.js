// Progressive enhancement only: every page works without this.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();

// "Copy link" buttons: shown only where the browser can copy; without them the link is still there to select.
for (const button of document.querySelectorAll('[data-copy]')) {
  if (!navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const field = document.getElementById(button.dataset.copy);
    await navigator.clipboard.writeText(field.value);
    button.textContent = 'Link copied';
  });
}
