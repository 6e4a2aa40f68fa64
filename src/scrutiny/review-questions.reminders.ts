import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import { asSentence } from '../rag/rag-rules.js';
import {
  nameBySubject,
  RemindsOf,
  type CalendarDate,
  type ReminderKind,
  type ReminderLine,
  type ReminderSubjectName,
} from '../reminders/reminder-kind.js';
import { longDate } from '../reminders/reminder-messages.js';
import type { Reminder } from '../reminders/reminder.entity.js';
import { ReminderSchedule } from '../reminders/reminder-schedule.js';
import type {} from './review.changes.js';
import { leadHearsOutcome } from './review-outcomes.js';
import { reviewRepository } from './review.repository.js';
import type { ScrutinyReview, ScrutinyReviewOutcome } from './scrutiny-review.entity.js';
import { SummaryRequests } from './summary-requests.js';

/** What the committee decided, as each notice's recipientRole records it: the outcomes that ask something of the area's lead. */
type Asked = 'further_assurance' | 'escalated';

/**
 * Once a review is recorded, the lead officer of each area the committee asked questions of (further assurance) or
 * escalated hears of it at the next sending time: what it asked or why, and the day the next paper needs their answer,
 * in their summary. Lead officers seldom sit on the committee; without this they learn of its questions when next
 * asked for a summary, months on. Nobody is told of what they recorded themselves, and a new lead reads it on the
 * summary form instead.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class ReviewQuestionReminders implements ReminderKind, FollowUp {
  readonly subject = 'questions';
  readonly news: Record<Asked, string> = {
    further_assurance: 'Questions from the committee',
    escalated: 'Escalated by the committee',
  };

  readonly follows: FollowUpHandlers = {
    'review:written': async (manager, { record, changed, actor }) => {
      if (record.status !== 'held' || !changed.includes('status')) return;
      const outcomes = await reviewRepository.outcomesOf(manager, [record.id]);
      const areas = new Map(
        (
          await areaRepository.byIds(
            manager,
            outcomes.map((outcome) => outcome.areaId),
          )
        ).map((area) => [area.id, area]),
      );
      for (const outcome of outcomes) {
        const leadId = areas.get(outcome.areaId)?.leadOfficerId;
        if (!leadHearsOutcome(outcome.outcome, leadId, actor.id)) continue;
        await this.schedule.keep(manager, {
          subject: this.subject,
          subjectId: outcome.id,
          inspectionId: record.inspectionId,
          dueOn: record.meetingOn,
          reminders: [{ recipientId: leadId, recipientRole: outcome.outcome, step: 0, sendOn: this.schedule.firstSendingDay() }],
        });
      }
    },
  };

  constructor(
    private readonly schedule: ReminderSchedule,
    private readonly summaries: SummaryRequests,
  ) {}

  /** A notice is planned when the review is recorded; nothing follows it. */
  async replan(): Promise<void> {}

  async name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    const { outcomes, areas, councilOf } = await this.load(manager, reminders);
    return nameBySubject(reminders, outcomes.values(), (outcome) => {
      const area = areas.get(outcome.areaId)!;
      return {
        label: `Improvement area ${area.position} (${councilOf.get(area.inspectionId)})`,
        title: area.title,
        path: `/areas/${area.id}`,
      };
    });
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const { outcomes, reviews, areas, councilOf } = await this.load(manager, reminders);
    const requests = await this.summaries.ofPlans(manager, [...new Set([...areas.values()].map((area) => area.inspectionId))]);
    return new Map(
      reminders.map((reminder) => {
        const outcome = outcomes.get(reminder.subjectId);
        const review = outcome && reviews.get(outcome.reviewId);
        const area = outcome && areas.get(outcome.areaId);
        // Still theirs to answer: they lead the area, and it is open.
        if (!outcome || !review || !area || area.leadOfficerId !== reminder.recipientId || CLOSED_AREA_STATES.includes(area.state))
          return [reminder.id, null];
        const request = requests.get(area.inspectionId);
        return [
          reminder.id,
          {
            label: `Improvement area ${area.position} (${councilOf.get(area.inspectionId)})`,
            title: area.title,
            path: request ? `/areas/${area.id}/summary` : `/areas/${area.id}`,
            ownerName: null,
            rag: null,
            ragReason: null,
            news: whatTheCommitteeDecided(review, outcome),
            fromCommittee: true,
            dueOn: request?.wantedBy ?? null,
            when: request
              ? request.wantedByPassed
                ? `Your summary for review ${request.reviewSequence} was wanted by ${longDate(request.wantedBy)}, which has passed.`
                : `Your summary for review ${request.reviewSequence} is wanted by ${longDate(request.wantedBy)}.`
              : '',
            todo: `${outcome.outcome === 'escalated' ? 'respond to it' : 'answer its questions'} in your summary of the area’s progress${request?.wantedByPassed ? ', as soon as you can' : ''}.`,
          },
        ];
      }),
    );
  }

  /** The committee's questions are not a date in anyone's calendar: the summary they are answered in is (ReviewReminders). */
  calendar(): Promise<CalendarDate[]> {
    return Promise.resolve([]);
  }

  private async load(manager: EntityManager, reminders: readonly Reminder[]) {
    const outcomes = new Map(
      (await reviewRepository.outcomesByIds(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))])).map((outcome) => [
        outcome.id,
        outcome,
      ]),
    );
    const reviews = new Map(
      (await reviewRepository.byIds(manager, [...new Set([...outcomes.values()].map((outcome) => outcome.reviewId))])).map((review) => [
        review.id,
        review,
      ]),
    );
    const areas = new Map(
      (await areaRepository.byIds(manager, [...new Set([...outcomes.values()].map((outcome) => outcome.areaId))])).map((area) => [
        area.id,
        area,
      ]),
    );
    const councilOf = await inspectionRepository.councilsOf(manager, [...new Set([...areas.values()].map((area) => area.inspectionId))]);
    return { outcomes, reviews, areas, councilOf };
  }
}

/** "At its meeting on Thursday 16 January 2025, Performance Scrutiny Committee escalated this area: …" */
function whatTheCommitteeDecided(review: ScrutinyReview, outcome: ScrutinyReviewOutcome): string {
  // "the Performance Scrutiny Committee", as a sentence names a committee.
  const committee = !review.committee
    ? 'the scrutiny committee'
    : /^the\b/i.test(review.committee)
      ? review.committee
      : `the ${review.committee}`;
  const decided = outcome.outcome === 'escalated' ? 'escalated this area' : 'asked for further assurance about this area';
  return `At its meeting on ${longDate(review.meetingOn!)}, ${committee} ${decided}: ${asSentence(outcome.comment ?? '')}`;
}
