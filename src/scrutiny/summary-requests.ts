import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { IsoDate } from '../common/dates.js';
import { Policy } from '../config/policy.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { reviewRepository } from './review.repository.js';
import { ScrutinyReview } from './scrutiny-review.entity.js';
import { summariesCountFrom, summaryDateOf } from './summary-period.js';

/** What a plan's next review asks of each open area's lead officer: a summary of progress, by a day. */
export interface SummaryRequest {
  reviewSequence: number;
  reviewDueOn: IsoDate;
  /** That date is the committee's meeting, as the clerk set it, not six months on. */
  reviewMeetingSet: boolean;
  /** The day the summaries are wanted, ahead of the review, so that the paper can go out before the meeting. */
  wantedBy: IsoDate;
  /** That day has gone with the review not yet recorded (its meeting was brought forward, or has been and is not recorded). */
  wantedByPassed: boolean;
  /** The review's own day has gone and it is not recorded yet. */
  reviewPassed: boolean;
  /** When the committee last met on the plan; null before its first review. */
  lastMetOn: IsoDate | null;
  /** When the plan went to Ofsted. */
  submittedOn: IsoDate | null;
  /**
   * A summary written on or after this day is the one for this review: the day after the committee last met (one
   * written on the meeting's day is the one it read), or before the first review, the day the plan went to Ofsted.
   */
  countsFrom: IsoDate | null;
}

/**
 * When lead officers' summaries are wanted for the committee's paper (areaLeads in config/scrutiny.yaml), and whether
 * an area's summary was written for the coming review: the reminders, the pages and the summary form all ask here.
 */
@Injectable()
export class SummaryRequests {
  constructor(
    private readonly clock: Clock,
    private readonly policy: Policy,
    private readonly workingDays: WorkingDays,
  ) {}

  wantedBy(reviewDueOn: IsoDate): IsoDate {
    return this.workingDays.shiftWorkingDays(reviewDueOn, -this.policy.scrutiny.areaLeads.summaryDueWorkingDaysBefore);
  }

  /** Each plan's request, for those with a review still to come. */
  async ofPlans(manager: EntityManager, planIds: readonly string[]): Promise<Map<string, SummaryRequest>> {
    const next = await reviewRepository.nextOfPlans(manager, planIds);
    const held =
      planIds.length === 0
        ? []
        : await manager.find(ScrutinyReview, { where: { inspectionId: In([...planIds]), status: 'held' }, order: { sequence: 'ASC' } });
    // Earliest first, so each plan's latest meeting is the one left in the map.
    const lastMetOn = new Map(held.map((review) => [review.inspectionId, review.meetingOn]));
    const submittedOn = new Map(
      (await inspectionRepository.byIds(manager, [...next.keys()])).map((inspection) => [
        inspection.id,
        inspection.snapshot.context.submittedOn,
      ]),
    );
    return new Map(
      [...next].map(([planId, review]) => [
        planId,
        {
          reviewSequence: review.sequence,
          reviewDueOn: review.dueOn,
          reviewMeetingSet: review.meetingSet,
          wantedBy: this.wantedBy(review.dueOn),
          wantedByPassed: this.wantedBy(review.dueOn) < this.clock.today(),
          reviewPassed: review.dueOn < this.clock.today(),
          lastMetOn: lastMetOn.get(planId) ?? null,
          submittedOn: submittedOn.get(planId) ?? null,
          countsFrom: summariesCountFrom(lastMetOn.get(planId) ?? null, submittedOn.get(planId) ?? null),
        },
      ]),
    );
  }
}

/** Whether the area's summary was written (or confirmed) for the coming review: see `countsFrom`. */
export function writtenForNextReview(
  area: Pick<ImprovementArea, 'narrative' | 'narrativeUpdatedOn' | 'narrativeConfirmedOn'>,
  request: SummaryRequest,
): boolean {
  const on = summaryDateOf({ writtenOn: area.narrativeUpdatedOn, confirmedOn: area.narrativeConfirmedOn });
  return Boolean(area.narrative && on && (request.countsFrom === null || on >= request.countsFrom));
}
