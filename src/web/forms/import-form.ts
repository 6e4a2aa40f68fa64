import { CommitImportDto } from '../../imports/import.dto.js';
import { dateFromFields, text, type FieldErrors, type FormBody } from '../forms.js';
import { PageForm } from './page-form.js';

/** What the import found, as far as the form needs it. */
export interface ImportPreview {
  authority: string | null;
  publishedOn: string | null;
  improvementAreas: Array<{ timeframe: string | null }>;
}

/** Committing an imported report, with the person's corrections to what was found. */
export class ImportCommitForm extends PageForm<CommitImportDto> {
  protected readonly dto = CommitImportDto;
  private readonly publishedOn = dateFromFields(this.body, 'publishedOn', 'Date published');
  private readonly receivedOn = dateFromFields(this.body, 'receivedOn', 'Date received');
  private readonly titles: string[];

  constructor(
    body: FormBody,
    private readonly preview: ImportPreview,
  ) {
    super(body);
    this.titles = preview.improvementAreas.map((_, index) => text(body, `area-${index}`));
  }

  protected values() {
    return {
      authority: text(this.body, 'authority') || undefined,
      publishedOn: this.publishedOn.value,
      receivedOn: this.receivedOn.value,
      improvementAreas: this.preview.improvementAreas.map((area, index) => ({
        title: this.titles[index],
        ...(area.timeframe ? { timeframe: area.timeframe } : {}),
      })),
    };
  }

  protected override checks(): FieldErrors {
    const errors: FieldErrors = {};
    if (!text(this.body, 'authority') && !this.preview.authority) errors.authority = "Enter the council's name";
    if (this.publishedOn.error) errors.publishedOn = this.publishedOn.error;
    else if (!this.publishedOn.value && !this.preview.publishedOn) errors.publishedOn = 'Enter the date the report was published';
    if (this.receivedOn.error) errors.receivedOn = this.receivedOn.error;
    this.titles.forEach((title, index) => {
      if (!title) errors[`area-${index}`] = `Enter the title of area ${index + 1}`;
    });
    return errors;
  }
}
