import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ACTION_PLAN_STATES, UNSUBMITTED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { grantOf } from '../auth/permissions.js';
import { Policy, type DeadlineReminders } from '../config/policy.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import {
  nameBySubject,
  RemindsOf,
  type CalendarDate,
  type ReminderKind,
  type ReminderLine,
  type ReminderSubjectName,
} from '../reminders/reminder-kind.js';
import type { Reminder } from '../reminders/reminder.entity.js';
import { ReminderSchedule, type PlannedReminder } from '../reminders/reminder-schedule.js';
import { activePeopleWithRole, peopleById } from '../users/people.js';
import type {} from '../users/user.changes.js';
import type {} from './inspection.changes.js';
import type { IsoDate } from '../common/dates.js';
import type { User } from '../users/user.entity.js';
import type { Inspection } from './inspection.entity.js';
import { inspectionRepository } from './inspection.repository.js';

/**
 * The statutory deadline for sending the plan to Ofsted: the plan lead and every active director are
 * warned ahead of it, and reminded while it has passed with the plan unsubmitted (a director who
 * leads the plan is told once). Rules: planDeadline in config/reminders.yaml.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class PlanDeadlineReminders implements ReminderKind, FollowUp {
  readonly subject = 'plan';
  private readonly rules: DeadlineReminders;

  readonly follows: FollowUpHandlers = {
    'plan:moved': (manager, { record }) => this.plan(manager, record),
    'inspection:written': (manager, { record }) => this.plan(manager, record),
    // Who is a director decides who is warned about every unsubmitted plan.
    'user:written': async (manager, { changed }) => {
      if (!changed.includes('role') && !changed.includes('active')) return;
      for (const inspection of await inspectionRepository.unsubmitted(manager)) await this.plan(manager, inspection);
    },
  };

  constructor(
    policy: Policy,
    private readonly schedule: ReminderSchedule,
  ) {
    this.rules = policy.reminderRules('planDeadline');
  }

  async plan(manager: EntityManager, inspection: Inspection): Promise<void> {
    const reminders: PlannedReminder[] = [];
    const dueOn = inspection.actionPlanDueOn;
    if (UNSUBMITTED_PLAN_STATES.includes(inspection.state) && dueOn) {
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
    return namedPlans(manager, reminders, 'Send the action plan to Ofsted');
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
          UNSUBMITTED_PLAN_STATES.includes(inspection.state) &&
          inspection.actionPlanDueOn === reminder.dueOn &&
          stillConcerned(reminder, inspection, people.get(reminder.recipientId));
        if (!applies) return [reminder.id, null];
        const recipient = people.get(reminder.recipientId);
        const decides = recipient !== undefined && grantOf(recipient.role, 'plan:decide') !== undefined;
        return [
          reminder.id,
          {
            label: `Action plan for ${councilOf.get(inspection.id)}`,
            title: `Send the action plan to Ofsted (${deadlineBasis(inspection.statedActionPlanDueOn, inspection.receiptConfirmed)})`,
            // A director is taken to the step that is theirs, checking the whole plan first.
            path: decides
              ? `/inspections/${inspection.id}/check/${awaitsApproval(inspection) ? 'approve' : 'submit'}`
              : `/inspections/${inspection.id}`,
            ownerName: null,
            rag: null,
            ragReason: null,
            todo: nextStep(inspection, decides),
          },
        ];
      }),
    );
  }

  /** The deadline of each unsubmitted plan the person leads. */
  async calendar(manager: EntityManager, userId: string): Promise<CalendarDate[]> {
    const led = (await inspectionRepository.involving(manager, userId, [])).filter(
      (inspection) => inspection.planLeadId === userId && inspection.actionPlanDueOn && UNSUBMITTED_PLAN_STATES.includes(inspection.state),
    );
    const councilOf = await inspectionRepository.councilsOf(
      manager,
      led.map((inspection) => inspection.id),
    );
    return led.map((inspection) => ({
      uid: `plan-${inspection.id}`,
      date: inspection.actionPlanDueOn!,
      title: `Action plan due with Ofsted (${councilOf.get(inspection.id)})`,
      description: `The last day to send the final action plan to Ofsted: ${deadlineBasis(inspection.statedActionPlanDueOn, inspection.receiptConfirmed)}.`,
      path: `/inspections/${inspection.id}`,
    }));
  }
}

/** Who is warned of a plan's dates: its lead, and every active director (a director who leads it, once). */
export async function leadAndDirectors(
  manager: EntityManager,
  inspection: Inspection,
): Promise<Array<Pick<PlannedReminder, 'recipientId' | 'recipientRole'>>> {
  const directors = await activePeopleWithRole(manager, 'director');
  return [
    ...(inspection.planLeadId ? [{ recipientId: inspection.planLeadId, recipientRole: 'plan_lead' }] : []),
    ...directors
      .filter((director) => director.id !== inspection.planLeadId)
      .map((director) => ({ recipientId: director.id, recipientRole: 'director' })),
  ];
}

/** Whether the person a plan's reminder was planned for is still its lead, or still an active director. */
export function stillConcerned(reminder: Reminder, inspection: Inspection, person: Pick<User, 'role' | 'active'> | undefined): boolean {
  return reminder.recipientRole === 'plan_lead'
    ? inspection.planLeadId === reminder.recipientId
    : person?.role === 'director' && person.active;
}

/** What a plan's date rests on, in a reader's words: Ofsted's own date, or a count that may yet move. */
export function deadlineBasis(statedOn: IsoDate | null, receiptConfirmed: boolean): string {
  if (statedOn) return 'the date in Ofsted’s letter';
  return receiptConfirmed ? 'statutory deadline' : 'provisional until the council confirms when it received the report';
}

/** The plans a batch of a plan deadline's reminders is about, named as their lines name them. */
export async function namedPlans(
  manager: EntityManager,
  reminders: readonly Reminder[],
  title: string,
): Promise<Map<string, ReminderSubjectName>> {
  const councilOf = await inspectionRepository.councilsOf(manager, [...new Set(reminders.map((reminder) => reminder.subjectId))]);
  return nameBySubject(
    reminders,
    [...councilOf].map(([id, council]) => ({ id, council })),
    ({ id, council }) => ({ label: `Action plan for ${council}`, title, path: `/inspections/${id}` }),
  );
}

const awaitsApproval = (inspection: Inspection) => inspection.state === ACTION_PLAN_STATES.draft;

/** What the plan waits for next, for the person told: a director records the decisions, anyone else sees them made. */
function nextStep(inspection: Inspection, decides: boolean): string {
  if (awaitsApproval(inspection))
    return decides
      ? 'once cabinet has approved the plan, check it and record the approval; then record the day it is sent to Ofsted.'
      : 'see that every area has its actions, each with an owner and a due date, for cabinet to approve; a director then records the approval and the day the plan is sent to Ofsted.';
  return decides
    ? 'cabinet has approved the plan: once it has gone to Ofsted, record the day it was sent.'
    : 'cabinet has approved the plan: a director records the day it is sent to Ofsted.';
}
