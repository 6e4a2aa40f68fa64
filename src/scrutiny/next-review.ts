import type { IsoDate } from '../common/dates.js';
import type { ScrutinyReview } from './scrutiny-review.entity.js';

/**
 * The next review as the pages and the API show it: overdue once its date has passed with no meeting recorded;
 * `meetingSet` once its date is the committee's meeting, as the clerk set it.
 */
export function nextReviewView(review: ScrutinyReview | null | undefined, today: IsoDate) {
  return review
    ? { id: review.id, sequence: review.sequence, dueOn: review.dueOn, meetingSet: review.meetingSet, overdue: review.dueOn < today }
    : null;
}
