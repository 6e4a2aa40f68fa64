import { outcomeNeedsComment } from '../../scrutiny/review-outcomes.js';
import { RecordReviewDto, RescheduleReviewDto } from '../../scrutiny/scrutiny.dto.js';
import { dateFromFields, text, type FieldErrors, type FormBody } from '../forms.js';
import { PageForm } from './page-form.js';

/** An area the committee could review, as the form lists it. */
export interface ReviewableArea {
  id: string;
  reference: string;
}

/** Recording a scrutiny review: the meeting, and an outcome for each area on its agenda. */
export class ReviewForm extends PageForm<RecordReviewDto> {
  protected readonly dto = RecordReviewDto;
  private readonly meeting = dateFromFields(this.body, 'meetingOn', 'Date of the meeting');
  /** An area left "not on the agenda" is not part of this review. */
  private readonly chosen: ReviewableArea[];

  constructor(
    body: FormBody,
    private readonly areas: ReviewableArea[],
  ) {
    super(body);
    this.chosen = areas.filter((area) => text(body, `outcome-${area.id}`));
  }

  protected override fieldNames(): Record<string, string> {
    const names: Array<[string, string]> = this.chosen.flatMap((area, index): Array<[string, string]> => [
      [`outcomes.${index}.comment`, `comment-${area.id}`],
      [`outcomes.${index}.outcome`, `outcome-${area.id}`],
    ]);
    // No outcome at all is the form's own problem, shown on the first area (checks): not a second message about a list.
    if (this.areas.length > 0) names.push(['outcomes', `outcome-${this.areas[0].id}`]);
    return Object.fromEntries(names);
  }

  protected override fieldOrder(): string[] {
    return ['committee', 'meetingOn', ...this.areas.flatMap((area) => [`outcome-${area.id}`, `comment-${area.id}`])];
  }

  protected override reword(field: string, message: string): string {
    if (field === 'committee') return 'Enter the name of the committee';
    const area = this.chosen.find((candidate) => field === `comment-${candidate.id}`);
    return area ? missingComment(area) : message;
  }

  /** A refusal of the whole review is an area that cannot be closed yet: shown on the first area the committee was assured about. */
  protected override refusalField(): string {
    const assured = this.chosen.find((area) => text(this.body, `outcome-${area.id}`) === 'assured');
    return assured ? `outcome-${assured.id}` : 'meetingOn';
  }

  protected values() {
    return {
      committee: text(this.body, 'committee') || undefined,
      meetingOn: this.meeting.value,
      outcomes: this.chosen.map((area) => ({
        areaId: area.id,
        outcome: text(this.body, `outcome-${area.id}`),
        comment: text(this.body, `comment-${area.id}`) || undefined,
      })),
    };
  }

  protected override checks(): FieldErrors {
    const errors: FieldErrors = {};
    if (this.meeting.error) errors.meetingOn = this.meeting.error;
    else if (!this.meeting.value) errors.meetingOn = 'Enter the date of the meeting';
    if (this.chosen.length === 0 && this.areas.length > 0)
      errors[`outcome-${this.areas[0].id}`] = 'Choose the committee’s outcome for at least one area';
    // With a date that cannot be, the service never sees the review: said here with the date's problems. Otherwise the
    // service says it, with the problems only it can see (a date before the plan was submitted, an area that cannot close).
    if (!errors.meetingOn) return errors;
    for (const area of this.chosen) {
      const outcome = text(this.body, `outcome-${area.id}`);
      if (outcomeNeedsComment(outcome) && !text(this.body, `comment-${area.id}`)) errors[`comment-${area.id}`] = missingComment(area);
    }
    return errors;
  }
}

const missingComment = (area: ReviewableArea) => `Enter the committee’s questions or reasons for area ${area.reference}`;

/** Moving a scheduled review to the day the committee meets. */
export class ReviewDateForm extends PageForm<RescheduleReviewDto> {
  protected readonly dto = RescheduleReviewDto;
  private readonly date = dateFromFields(this.body, 'dueOn', 'The date of the meeting');

  protected values() {
    return { dueOn: this.date.value };
  }

  protected override checks(): FieldErrors {
    if (this.date.error) return { dueOn: this.date.error };
    return this.date.value ? {} : { dueOn: 'Enter the date of the meeting' };
  }

  protected override fieldOrder(): string[] {
    return ['dueOn'];
  }

  /** The service speaks of the date a review is due; this form asks for the day the committee meets. */
  protected override reword(field: string, message: string): string {
    return field === 'dueOn' && message.includes('today or in the future')
      ? 'The date of the meeting must be today or in the future. If the committee has already met, record the review instead'
      : message;
  }
}
