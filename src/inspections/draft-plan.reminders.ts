import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UNSUBMITTED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { Policy, type DeadlineReminders } from '../config/policy.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import {
  RemindsOf,
  type CalendarDate,
  type ReminderKind,
  type ReminderLine,
  type ReminderSubjectName,
} from '../reminders/reminder-kind.js';
import type { Reminder } from '../reminders/reminder.entity.js';
import { ReminderSchedule, type PlannedReminder } from '../reminders/reminder-schedule.js';
import { peopleById } from '../users/people.js';
import type {} from '../users/user.changes.js';
import type {} from './inspection.changes.js';
import type { Inspection } from './inspection.entity.js';
import { inspectionRepository } from './inspection.repository.js';
import { deadlineBasis, leadAndDirectors, namedPlans, stillConcerned } from './plan-deadline.reminders.js';

/** A draft plan still to send: asked for (a focused visit with areas for priority action), not yet recorded as sent, the final plan not yet submitted. */
function draftOutstanding(inspection: Inspection): boolean {
  return (
    inspection.draftPlanDueOn !== null && !inspection.snapshot.context.draftSentOn && UNSUBMITTED_PLAN_STATES.includes(inspection.state)
  );
}

/**
 * The draft action plan a focused visit with areas for priority action asks for (20 working days):
 * the plan lead and every active director are warned ahead of it, and reminded while it is late,
 * until the draft is recorded as sent. Rules: draftPlan in config/reminders.yaml.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class DraftPlanReminders implements ReminderKind, FollowUp {
  readonly subject = 'draft_plan';
  private readonly rules: DeadlineReminders;

  readonly follows: FollowUpHandlers = {
    'plan:moved': (manager, { record }) => this.plan(manager, record),
    'inspection:written': (manager, { record }) => this.plan(manager, record),
    // Who is a director decides who is warned about every draft still to send.
    'user:written': async (manager, { changed }) => {
      if (!changed.includes('role') && !changed.includes('active')) return;
      for (const inspection of await inspectionRepository.unsubmitted(manager)) await this.plan(manager, inspection);
    },
  };

  constructor(
    policy: Policy,
    private readonly schedule: ReminderSchedule,
  ) {
    this.rules = policy.reminderRules('draftPlan');
  }

  async plan(manager: EntityManager, inspection: Inspection): Promise<void> {
    const reminders: PlannedReminder[] = [];
    const dueOn = inspection.draftPlanDueOn;
    if (dueOn && draftOutstanding(inspection)) {
      const steps = this.schedule.steps(dueOn, this.rules);
      for (const recipient of await leadAndDirectors(manager, inspection))
        reminders.push(...steps.map((step) => ({ ...step, ...recipient })));
    }
    await this.schedule.keep(manager, { subject: this.subject, subjectId: inspection.id, inspectionId: inspection.id, dueOn, reminders });
  }

  async replan(manager: EntityManager, inspectionId: string): Promise<void> {
    const inspection = await inspectionRepository.byId(manager, inspectionId);
    if (inspection) await this.plan(manager, inspection);
  }

  name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    return namedPlans(manager, reminders, 'Send the draft action plan to Ofsted');
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const inspections = new Map(
      (await inspectionRepository.byIds(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))])).map((i) => [i.id, i]),
    );
    const councilOf = await inspectionRepository.councilsOf(manager, [...inspections.keys()]);
    const people = await peopleById(
      manager,
      reminders.map((reminder) => reminder.recipientId),
    );
    return new Map(
      reminders.map((reminder) => {
        const inspection = inspections.get(reminder.subjectId);
        const applies =
          inspection !== undefined &&
          draftOutstanding(inspection) &&
          inspection.draftPlanDueOn === reminder.dueOn &&
          stillConcerned(reminder, inspection, people.get(reminder.recipientId));
        return [
          reminder.id,
          applies
            ? {
                label: `Action plan for ${councilOf.get(inspection.id)}`,
                title: `Send the draft action plan to Ofsted (${deadlineBasis(inspection.statedDraftPlanDueOn, inspection.receiptConfirmed)})`,
                path: `/inspections/${inspection.id}`,
                ownerName: null,
                rag: null,
                ragReason: null,
              }
            : null,
        ];
      }),
    );
  }

  /** The draft plan's date, while it is still to send, for each plan the person leads. */
  async calendar(manager: EntityManager, userId: string): Promise<CalendarDate[]> {
    const led = (await inspectionRepository.involving(manager, userId, [])).filter(
      (inspection) => inspection.planLeadId === userId && draftOutstanding(inspection),
    );
    const councilOf = await inspectionRepository.councilsOf(
      manager,
      led.map((inspection) => inspection.id),
    );
    return led.map((inspection) => ({
      uid: `draft-${inspection.id}`,
      date: inspection.draftPlanDueOn!,
      title: `Draft action plan due with Ofsted (${councilOf.get(inspection.id)})`,
      description: `The last day to send the draft action plan Ofsted asked for after its focused visit: ${deadlineBasis(inspection.statedDraftPlanDueOn, inspection.receiptConfirmed)}.`,
      path: `/inspections/${inspection.id}`,
    }));
  }
}
