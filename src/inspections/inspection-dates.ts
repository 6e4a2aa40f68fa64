import { inWords } from '../../workflows/workflow.js';
import type { IsoDate } from '../common/dates.js';

export interface InspectionDates {
  startedOn?: IsoDate | null;
  endedOn?: IsoDate | null;
  publishedOn?: IsoDate | null;
  /** Only a date the council gave: until then it is the publication date, checked as that. */
  receivedOn?: IsoDate | null;
}

/**
 * Dates that cannot be, by field: fieldwork ending before it starts, a report published before the
 * fieldwork ended or after today, or received before the fieldwork ended. The service refuses them, and
 * the import's page names them with the form's other problems rather than once those are put right.
 */
export function impossibleDates(
  { startedOn, endedOn, publishedOn, receivedOn }: InspectionDates,
  today: IsoDate,
): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  if (startedOn && endedOn && endedOn < startedOn)
    fields.endedOn = [`The date the inspection ended must be on or after the date it started, ${inWords(startedOn)}`];
  const fieldworkEnded = endedOn && !fields.endedOn ? endedOn : null;
  if (publishedOn && publishedOn > today) fields.publishedOn = ['The date the report was published must be today or in the past'];
  else if (publishedOn && fieldworkEnded && publishedOn < fieldworkEnded)
    fields.publishedOn = [
      `The date the report was published must be on or after the date the inspection ended, ${inWords(fieldworkEnded)}`,
    ];
  if (!receivedOn) return fields;
  if (receivedOn > today) fields.receivedOn = ['The date the council received the report must be today or in the past'];
  else if (fieldworkEnded && receivedOn < fieldworkEnded)
    fields.receivedOn = [
      `The date the council received the report must be on or after the date the inspection ended, ${inWords(fieldworkEnded)}`,
    ];
  return fields;
}
