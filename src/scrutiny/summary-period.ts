import { inWords } from '../../workflows/workflow.js';
import { addDays, type IsoDate } from '../common/dates.js';

/**
 * Which lead officers' summaries a review reads, by their dates alone. The committee's paper asks here as well as the
 * pages and reminders, so a change here changes papers: it needs a new PAPER_EDITION.
 */

/**
 * The first day a summary counts for the coming review: the day after the committee last met (one written on the
 * meeting's day is the one that meeting read), or before the first review, the day the plan went to Ofsted.
 */
export function summariesCountFrom(lastMetOn: IsoDate | null, submittedOn: IsoDate | null): IsoDate | null {
  return lastMetOn ? addDays(lastMetOn, 1) : submittedOn;
}

/** The day a summary was last brought up to date: written, or since confirmed as still true. */
export function summaryDateOf(summary: { writtenOn: IsoDate | null; confirmedOn?: IsoDate | null }): IsoDate | null {
  return summary.confirmedOn ?? summary.writtenOn;
}

/**
 * Where a summary dated `on` stands, if it is older than the coming review's, to follow its date: "before the committee
 * last met, on 16 January 2025", "on the day the committee last met, for that meeting", "before the plan was sent to
 * Ofsted, on 10 July 2024". Null when it counts for the coming review, or nothing has been sent yet to count from.
 */
export function summaryOlderThanReview(on: IsoDate | null, lastMetOn: IsoDate | null, submittedOn: IsoDate | null): string | null {
  const countsFrom = summariesCountFrom(lastMetOn, submittedOn);
  if (!on || !countsFrom || on >= countsFrom) return null;
  if (lastMetOn === on) return 'on the day the committee last met, for that meeting';
  return lastMetOn
    ? `before the committee last met, on ${inWords(lastMetOn)}`
    : `before the plan was sent to Ofsted, on ${inWords(submittedOn!)}`;
}
