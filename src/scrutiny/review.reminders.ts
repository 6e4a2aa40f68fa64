import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import { inWords, listInWords } from '../../workflows/workflow.js';
import { Clock } from '../common/clock.js';
import { longDate } from '../reminders/reminder-messages.js';
import type { IsoDate } from '../common/dates.js';
import { Policy } from '../config/policy.js';
import type {} from '../improvement-areas/area.changes.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import type {} from '../inspections/inspection.changes.js';
import type { Inspection } from '../inspections/inspection.entity.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import {
  nameBySubject,
  RemindsOf,
  type CalendarDate,
  type ReminderKind,
  type ReminderLine,
  type ReminderSubjectName,
} from '../reminders/reminder-kind.js';
import { Reminder } from '../reminders/reminder.entity.js';
import { ReminderSchedule, type PlannedReminder } from '../reminders/reminder-schedule.js';
import type {} from './review.changes.js';
import { reviewRepository } from './review.repository.js';
import type { ScrutinyReview } from './scrutiny-review.entity.js';
import { SummaryRequests, writtenForNextReview, type SummaryRequest } from './summary-requests.js';
import { WorkingDays } from '../working-days/working-days.service.js';

/**
 * A scrutiny review coming up: the committee's clerk is reminded ahead, on the day and while it is
 * unrecorded; the lead of each area still open is asked ahead for their summary, and again on the
 * day the paper needs it, until they have written it. Rules: clerk and areaLeads in config/scrutiny.yaml.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class ReviewReminders implements ReminderKind, FollowUp {
  readonly subject = 'review';

  readonly follows: FollowUpHandlers = {
    'review:written': (manager, { record }) => this.plan(manager, record),
    'inspection:written': async (manager, { record, changed }) => {
      if (changed.includes('scrutinyClerkId')) await this.planNext(manager, record.id);
    },
    // A new lead is the one asked for an update before the next review.
    'area:written': async (manager, { record, changed }) => {
      if (changed.includes('leadOfficerId')) await this.planNext(manager, record.inspectionId);
    },
  };

  constructor(
    private readonly clock: Clock,
    private readonly policy: Policy,
    private readonly schedule: ReminderSchedule,
    private readonly summaries: SummaryRequests,
    private readonly workingDays: WorkingDays,
  ) {}

  async plan(manager: EntityManager, review: ScrutinyReview): Promise<void> {
    const reminders: PlannedReminder[] = [];
    if (review.status === 'scheduled') {
      const inspection = (await inspectionRepository.byId(manager, review.inspectionId))!;
      const { clerk, areaLeads } = this.policy.scrutiny;
      if (inspection.scrutinyClerkId) {
        const recipient = { recipientId: inspection.scrutinyClerkId, recipientRole: 'clerk' };
        reminders.push(...this.schedule.steps(review.dueOn, clerk).map((step) => ({ ...step, ...recipient })));
      }
      const leadSteps = this.schedule
        .steps(review.dueOn, {
          workingDaysBefore: [...areaLeads.workingDaysBefore, areaLeads.summaryDueWorkingDaysBefore],
          onTheDay: false,
          overdueEveryWorkingDays: 1,
        })
        .filter((step) => step.step < 0);
      // A meeting brought forward past the day its paper needs the summaries: a lead not yet asked for it is asked now, while there is time.
      const askNow = leadSteps.length === 0 ? this.stepToday(review.dueOn) : null;
      const planAreas = await areaRepository.ofPlan(manager, inspection.id);
      const request = askNow ? (await this.summaries.ofPlans(manager, [inspection.id])).get(inspection.id) : undefined;
      const asked = askNow ? await leadsAskedFor(manager, review) : new Set<string>();
      // Only someone with a summary still to write for it, and not yet asked for this date.
      const stillToAsk = (leadId: string) =>
        !asked.has(leadId) &&
        openAreas(planAreas).some((area) => area.leadOfficerId === leadId && (!request || !writtenForNextReview(area, request)));
      for (const leadId of leadsOfOpenAreas(planAreas)) {
        const steps = leadSteps.length > 0 ? leadSteps : askNow && stillToAsk(leadId) ? [askNow] : [];
        reminders.push(...steps.map((step) => ({ ...step, recipientId: leadId, recipientRole: 'area_lead' })));
      }
    }
    await this.schedule.keep(manager, {
      subject: this.subject,
      subjectId: review.id,
      inspectionId: review.inspectionId,
      dueOn: review.dueOn,
      reminders,
    });
  }

  /** A reminder on the first day one can go out, counted from the review; none when that is not before it. */
  private stepToday(reviewDueOn: IsoDate): { step: number; sendOn: IsoDate } | null {
    const sendOn = this.schedule.firstSendingDay();
    return sendOn < reviewDueOn ? { step: -this.workingDays.workingDaysBetween(sendOn, reviewDueOn), sendOn } : null;
  }

  async replan(manager: EntityManager, reviewId: string): Promise<void> {
    const review = await reviewRepository.byId(manager, reviewId);
    if (review) await this.plan(manager, review);
  }

  async name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    const reviews = await reviewRepository.byIds(manager, [...new Set(reminders.map((r) => r.subjectId))]);
    const councilOf = await inspectionRepository.councilsOf(manager, [...new Set(reviews.map((review) => review.inspectionId))]);
    return nameBySubject(reminders, reviews, (review, reminder) => ({
      label: `Scrutiny review of the action plan for ${councilOf.get(review.inspectionId)}`,
      title: `Review ${review.sequence}`,
      path: `/inspections/${review.inspectionId}/reviews`,
      ...(reminder.recipientRole === 'clerk' ? {} : this.leadsDate(reminder)),
    }));
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const reviews = new Map((await reviewRepository.byIds(manager, [...new Set(reminders.map((r) => r.subjectId))])).map((r) => [r.id, r]));
    const planIds = [...new Set([...reviews.values()].map((review) => review.inspectionId))];
    const inspections = new Map((await inspectionRepository.byIds(manager, planIds)).map((inspection) => [inspection.id, inspection]));
    const councilOf = await inspectionRepository.councilsOf(manager, planIds);
    const areas = await areaRepository.ofPlans(manager, planIds);
    const requests = await this.summaries.ofPlans(manager, planIds);
    return new Map(
      reminders.map((reminder) => {
        const review = reviews.get(reminder.subjectId);
        const inspection = review ? inspections.get(review.inspectionId) : undefined;
        if (!review || !inspection || review.status !== 'scheduled' || review.dueOn !== reminder.dueOn) return [reminder.id, null];
        // An area lead's request covers the open areas they lead whose summary is not yet written for this review; with none left, there is nothing to ask.
        const request = requests.get(inspection.id);
        const led = openAreas(
          areas.filter((area) => area.inspectionId === inspection.id && area.leadOfficerId === reminder.recipientId),
        ).filter((area) => !request || !writtenForNextReview(area, request));
        // Once the review's day has gone, its paper has gone too: a lead's summary is no longer asked for it (one sent late after an outage).
        const stillConcerned =
          reminder.recipientRole === 'clerk'
            ? inspection.scrutinyClerkId === reminder.recipientId
            : led.length > 0 && review.dueOn >= this.clock.today();
        if (!stillConcerned) return [reminder.id, null];
        const clerk = reminder.recipientRole === 'clerk';
        const positions = led.map((area) => area.position).sort((a, b) => a - b);
        const title = clerk
          ? `${inspection.scrutinyCommittee ?? 'The scrutiny committee'}: review ${review.sequence} of progress`
          : `Write the summary of progress of ${led.length === 1 ? 'area' : 'areas'} ${listInWords(positions.map(String))} for the committee’s paper (review ${review.sequence} ${review.meetingSet ? 'is at the committee’s meeting on' : 'is due by'} ${inWords(review.dueOn)})`;
        return [
          reminder.id,
          {
            label: `Scrutiny review of the action plan for ${councilOf.get(inspection.id)}`,
            title,
            // A lead officer is taken to where the summary is written: its page, or the list of their areas with a link to each.
            path: clerk ? `/inspections/${inspection.id}/reviews` : led.length === 1 ? `/areas/${led[0].id}/summary` : '/my-areas',
            ownerName: null,
            rag: null,
            ragReason: null,
            ...(clerk
              ? {
                  ...(review.meetingSet ? { when: this.meetingWhen(review.dueOn) } : {}),
                  todo: this.clerksTodo(
                    review,
                    areas.filter((area) => area.inspectionId === inspection.id),
                    request,
                  ),
                }
              : this.leadsDate(reminder)),
          },
        ];
      }),
    );
  }

  /** The clerk's date, once it is the committee's meeting: the day it meets, not a day the review is due by. */
  private meetingWhen(meetingOn: IsoDate): string {
    const left = this.workingDays.workingDaysBetween(this.clock.today(), meetingOn);
    const days = (count: number) => `${count} working day${count === 1 ? '' : 's'}`;
    if (left > 0) return `The committee meets on ${longDate(meetingOn)}: ${days(left)} from now.`;
    if (left === 0) return `The committee meets today, ${longDate(meetingOn)}.`;
    return `The committee was to meet on ${longDate(meetingOn)}, ${days(-left)} ago, and its review is not yet recorded.`;
  }

  /** What the clerk is to do: before the review, make its date the meeting's (until they have) and see that the summaries come in; after it, record it. */
  private clerksTodo(review: ScrutinyReview, planAreas: ImprovementArea[], request: SummaryRequest | undefined): string {
    if (review.dueOn <= this.clock.today() || !request) return 'once the committee has met, record what it decided for each area.';
    const open = openAreas(planAreas);
    const written = open.filter((area) => writtenForNextReview(area, request)).length;
    const summaries = `${written} of ${open.length} ${open.length === 1 ? 'is' : 'are'} in`;
    if (!review.meetingSet)
      return `make the review’s date the day the committee meets. Its paper ${request.wantedByPassed ? 'needed' : 'needs'} the lead officers’ summaries by ${inWords(request.wantedBy)}: ${summaries}.`;
    return request.wantedByPassed
      ? `see that the lead officers’ summaries come in: the committee’s paper needed them by ${inWords(request.wantedBy)}, and ${summaries}.`
      : `see that the lead officers’ summaries are in by ${inWords(request.wantedBy)}, for the committee’s paper: ${summaries}.`;
  }

  /** A lead's date is the day the paper needs their summary, not the meeting; their reminder's steps count from the review. */
  private leadsDate(reminder: Reminder): Pick<ReminderLine, 'dueOn' | 'workingDaysFromDue'> {
    return {
      dueOn: this.summaries.wantedBy(reminder.dueOn),
      workingDaysFromDue: reminder.step + this.policy.scrutiny.areaLeads.summaryDueWorkingDaysBefore,
    };
  }

  /** The next review of each plan the person clerks or leads, or leads an open area of. */
  async calendar(manager: EntityManager, userId: string): Promise<CalendarDate[]> {
    const ledAreas = await areaRepository.openLedBy(manager, userId);
    const involved = (
      await inspectionRepository.involving(
        manager,
        userId,
        ledAreas.map((area) => area.inspectionId),
      )
    ).filter((inspection) => concernsReviews(inspection, userId, ledAreas));
    const next = await reviewRepository.nextOfPlans(
      manager,
      involved.map((inspection) => inspection.id),
    );
    const councilOf = await inspectionRepository.councilsOf(
      manager,
      involved.map((inspection) => inspection.id),
    );
    return involved.flatMap((inspection) => {
      const review = next.get(inspection.id);
      if (!review) return [];
      return [
        {
          uid: `review-${review.id}`,
          date: review.dueOn,
          title: `Scrutiny review ${review.sequence} ${review.meetingSet ? 'at the meeting of' : 'due:'} ${inspection.scrutinyCommittee ?? 'scrutiny committee'} (${councilOf.get(inspection.id)})`,
          description: 'The scrutiny committee reviews progress against the action plan.',
          path: `/inspections/${inspection.id}/reviews`,
        },
      ];
    });
  }

  /** Plans a plan's next review's reminders again, after its clerk or an area's lead changed. */
  private async planNext(manager: EntityManager, inspectionId: string): Promise<void> {
    const next = await reviewRepository.nextOfPlan(manager, inspectionId);
    if (next) await this.plan(manager, next);
  }
}

/** The leads asked for their summary for the review on its present date. */
async function leadsAskedFor(manager: EntityManager, review: ScrutinyReview): Promise<Set<string>> {
  const sent = await manager.findBy(Reminder, {
    subject: 'review',
    subjectId: review.id,
    recipientRole: 'area_lead',
    dueOn: review.dueOn,
    status: 'sent',
  });
  return new Set(sent.map((reminder) => reminder.recipientId));
}

function openAreas(areas: ImprovementArea[]): ImprovementArea[] {
  return areas.filter((area) => !CLOSED_AREA_STATES.includes(area.state));
}

function leadsOfOpenAreas(areas: ImprovementArea[]): string[] {
  return [...new Set(openAreas(areas).flatMap((area) => (area.leadOfficerId ? [area.leadOfficerId] : [])))];
}

/** Reviews concern the clerk, the plan lead and the lead of any area still open. */
function concernsReviews(inspection: Inspection, userId: string, ledAreas: ImprovementArea[]): boolean {
  return (
    inspection.scrutinyClerkId === userId ||
    inspection.planLeadId === userId ||
    ledAreas.some((area) => area.inspectionId === inspection.id)
  );
}
