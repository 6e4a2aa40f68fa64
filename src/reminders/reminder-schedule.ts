import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FINISHED_ACTION_STATES, finishesOrReopens } from '../../workflows/action.machine.js';
import { Not, type EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { Clock } from '../common/clock.js';
import { londonInstant, type IsoDate } from '../common/dates.js';
import { Policy, type DeadlineReminders } from '../config/policy.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { ScrutinyReview } from '../scrutiny/scrutiny-review.entity.js';
import { User } from '../users/user.entity.js';
import { Reminder, type ReminderRecipientRole, type ReminderSubject } from './reminder.entity.js';

interface PlannedReminder {
  recipientId: string;
  recipientRole: ReminderRecipientRole;
  step: number;
  sendOn: IsoDate;
}

const UNSUBMITTED_PLAN = ['draft', 'approved'];
/** Overdue reminders repeat without end; only the next ones are planned, the rest follow as each is sent. */
const OVERDUE_PLANNED_AHEAD = 2;

/**
 * Keeps the reminders table in step with the deadlines. Called in the same transaction as any
 * change to a due date, owner, plan lead or state, so a reminder is never left pointing at an
 * old date: what is no longer wanted is cancelled, what is new is added, what was sent stays sent.
 */
@Injectable()
export class ReminderPlanner {
  constructor(
    private readonly workingDays: WorkingDays,
    private readonly clock: Clock,
    private readonly policy: Policy,
  ) {}

  async planForAction(manager: EntityManager, action: Action, inspectionId: string): Promise<void> {
    const planned: PlannedReminder[] = [];
    if (!FINISHED_ACTION_STATES.includes(action.state) && action.ownerId && action.dueOn) {
      const rules = this.policy.reminderRules('actionDue');
      const steps = this.steps(action.dueOn, rules);
      planned.push(...steps.map((step) => ({ ...step, recipientId: action.ownerId!, recipientRole: 'owner' as const })));
      const copyFrom = rules.copyAssignerFromWorkingDaysOverdue;
      if (action.assignedById && action.assignedById !== action.ownerId && copyFrom !== undefined) {
        planned.push(
          ...steps
            .filter((step) => step.step >= copyFrom)
            .map((step) => ({ ...step, recipientId: action.assignedById!, recipientRole: 'assigner' as const })),
        );
      }
    }
    await this.reconcile(manager, 'action', action.id, inspectionId, action.dueOn, planned);
  }

  /** After a workflow move: an action's state counts for its reminders only as finished or not, so other moves leave them be. */
  async planAfterMove(manager: EntityManager, action: Action, fromState: string, inspectionId: string): Promise<void> {
    if (finishesOrReopens(fromState, action.state)) await this.planForAction(manager, action, inspectionId);
  }

  /** The statutory deadline concerns the plan lead and every active director (each told once). */
  async planForPlan(manager: EntityManager, inspection: Inspection): Promise<void> {
    const planned: PlannedReminder[] = [];
    if (UNSUBMITTED_PLAN.includes(inspection.state) && inspection.actionPlanDueOn) {
      const steps = this.steps(inspection.actionPlanDueOn, this.policy.reminderRules('planDeadline'));
      const directors = await manager.find(User, { select: { id: true }, where: { role: 'director', active: true } });
      const recipients: Array<{ recipientId: string; recipientRole: ReminderRecipientRole }> = [
        ...(inspection.planLeadId ? [{ recipientId: inspection.planLeadId, recipientRole: 'plan_lead' as const }] : []),
        ...directors
          .filter((director) => director.id !== inspection.planLeadId)
          .map((director) => ({ recipientId: director.id, recipientRole: 'director' as const })),
      ];
      for (const recipient of recipients) planned.push(...steps.map((step) => ({ ...step, ...recipient })));
    }
    await this.reconcile(manager, 'plan', inspection.id, inspection.id, inspection.actionPlanDueOn, planned);
  }

  /**
   * Before a scrutiny review: the clerk ahead, on the day and while it is unrecorded; the lead of
   * each area still open, ahead only, so their updates are in before the paper is written.
   */
  async planForReview(manager: EntityManager, review: ScrutinyReview): Promise<void> {
    const planned: PlannedReminder[] = [];
    if (review.status === 'scheduled') {
      const inspection = await manager.findOneByOrFail(Inspection, { id: review.inspectionId });
      const rules = this.policy.scrutiny;
      if (inspection.scrutinyClerkId) {
        planned.push(
          ...this.steps(review.dueOn, rules.clerk).map((step) => ({
            ...step,
            recipientId: inspection.scrutinyClerkId!,
            recipientRole: 'clerk' as const,
          })),
        );
      }
      const leadSteps = this.steps(review.dueOn, {
        workingDaysBefore: rules.areaLeads.workingDaysBefore,
        onTheDay: false,
        overdueEveryWorkingDays: 1,
      }).filter((step) => step.step < 0);
      for (const leadId of await this.leadsOfOpenAreas(manager, inspection.id)) {
        planned.push(...leadSteps.map((step) => ({ ...step, recipientId: leadId, recipientRole: 'area_lead' as const })));
      }
    }
    await this.reconcile(manager, 'review', review.id, review.inspectionId, review.dueOn, planned);
  }

  /** Re-plans the plan's next review after its clerk or an area's lead changed. */
  async planForNextReview(manager: EntityManager, inspectionId: string): Promise<void> {
    for (const review of await manager.findBy(ScrutinyReview, { inspectionId, status: 'scheduled' }))
      await this.planForReview(manager, review);
  }

  async leadsOfOpenAreas(manager: EntityManager, inspectionId: string): Promise<string[]> {
    const areas = await manager.findBy(ImprovementArea, { inspectionId, state: Not('closed') });
    return [...new Set(areas.flatMap((area) => (area.leadOfficerId ? [area.leadOfficerId] : [])))];
  }

  /** The reminders a deadline calls for from today on: one per working day at most, the one nearest the deadline. */
  private steps(dueOn: IsoDate, rules: DeadlineReminders): Array<{ step: number; sendOn: IsoDate }> {
    const today = this.clock.today();
    const byDay = new Map<IsoDate, number>();
    const add = (step: number, sendOn: IsoDate) => {
      if (sendOn >= today && !(byDay.has(sendOn) && byDay.get(sendOn)! > step)) byDay.set(sendOn, step);
    };
    for (const daysBefore of rules.workingDaysBefore) add(-daysBefore, this.workingDays.shiftWorkingDays(dueOn, -daysBefore));
    if (rules.onTheDay) add(0, this.workingDays.shiftWorkingDays(dueOn, 0));

    let overdueBy = 1;
    let sendOn = this.workingDays.addWorkingDays(dueOn, 1);
    while (sendOn < today) {
      overdueBy += rules.overdueEveryWorkingDays;
      sendOn = this.workingDays.addWorkingDays(sendOn, rules.overdueEveryWorkingDays);
    }
    for (let planned = 0; planned < OVERDUE_PLANNED_AHEAD; planned += 1) {
      add(overdueBy, sendOn);
      overdueBy += rules.overdueEveryWorkingDays;
      sendOn = this.workingDays.addWorkingDays(sendOn, rules.overdueEveryWorkingDays);
    }
    return [...byDay].map(([day, step]) => ({ step, sendOn: day }));
  }

  private async reconcile(
    manager: EntityManager,
    subject: ReminderSubject,
    subjectId: string,
    inspectionId: string,
    dueOn: IsoDate | null,
    planned: PlannedReminder[],
  ): Promise<void> {
    const existing = new Map((await manager.findBy(Reminder, { subjectId })).map((reminder) => [reminder.idempotencyKey, reminder]));
    const wanted = new Set<string>();
    for (const reminder of planned) {
      const idempotencyKey = `${subject}:${subjectId}:${reminder.recipientRole}:${reminder.recipientId}:${dueOn}:${reminder.step}`;
      wanted.add(idempotencyKey);
      const row = existing.get(idempotencyKey);
      const sendAfter = () => londonInstant(reminder.sendOn, this.policy.reminders.sendAt).toISOString();
      if (!row) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Reminder)
          .values({
            id: randomUUID(),
            idempotencyKey,
            subject,
            subjectId,
            inspectionId,
            ...reminder,
            dueOn: dueOn!,
            sendAfter: sendAfter(),
            status: 'pending',
            attempts: 0,
            lastError: null,
            claimToken: null,
            leaseUntil: null,
            sentAt: null,
            messageId: null,
            createdAt: this.clock.now().toISOString(),
          })
          .orIgnore()
          .execute();
      } else if (row.status === 'cancelled') {
        // Wanted again (an action reopened, a date moved back): the same reminder, re-armed.
        await manager.update(
          Reminder,
          { id: row.id },
          { status: 'pending', sendOn: reminder.sendOn, sendAfter: sendAfter(), attempts: 0, lastError: null },
        );
      }
    }
    const unwanted = [...existing.values()].filter((row) => row.status === 'pending' && !wanted.has(row.idempotencyKey));
    for (const row of unwanted) await manager.update(Reminder, { id: row.id, status: 'pending' }, { status: 'cancelled' });
  }
}
