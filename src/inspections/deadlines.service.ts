import { Injectable } from '@nestjs/common';
import { WorkingDays } from '../working-days/working-days.service.js';
import type { IsoDate } from '../common/dates.js';
import type { DeadlineRule, FrameworkPolicy } from '../config/policy.js';
import type { Inspection } from './inspection.entity.js';

export interface PlanDeadlines {
  draftPlanDueOn: IsoDate | null;
  actionPlanDueOn: IsoDate | null;
}

/** What a deadline's date rests on, so that every page, paper and answer can say so. */
export interface Deadline {
  /** The date the council works to. */
  dueOn: IsoDate;
  /** Ofsted's letter stated it, or the service counted it in working days from receipt. */
  source: 'ofsted_letter' | 'counted_from_receipt';
  /** Counted from a date of receipt the council has not confirmed (the publication date): it may move. */
  provisional: boolean;
  /** The date counted from receipt, which Ofsted's date overrides where the two differ. */
  countedOn: IsoDate;
  workingDays: number;
}

/** What the deadlines depend on: the report's receipt, what Ofsted's letter asked for, and the dates it stated. */
export type DeadlineFacts = Pick<
  Inspection,
  'receivedOn' | 'receiptConfirmed' | 'priorityAction' | 'statementRequired' | 'statedDraftPlanDueOn' | 'statedActionPlanDueOn'
>;

/** The statutory dates that follow from a report's receipt, by the framework's rules in config/, unless Ofsted's letter states them. */
@Injectable()
export class DeadlinesService {
  constructor(private readonly workingDays: WorkingDays) {}

  /** The dates the council works to, as stored on the inspection. */
  forInspection(framework: FrameworkPolicy, facts: DeadlineFacts): PlanDeadlines {
    const { draftPlan, actionPlan } = this.describe(framework, facts);
    return { draftPlanDueOn: draftPlan?.dueOn ?? null, actionPlanDueOn: actionPlan?.dueOn ?? null };
  }

  /** Each deadline the inspection has, and what it rests on; null where Ofsted asks for no such plan. */
  describe(framework: FrameworkPolicy, facts: DeadlineFacts): { draftPlan: Deadline | null; actionPlan: Deadline | null } {
    const deadline = (rule: DeadlineRule | undefined, stated: IsoDate | null): Deadline | null => {
      if (!rule || !asksFor(rule, facts)) return null;
      const countedOn = this.workingDays.addWorkingDays(facts.receivedOn, rule.workingDays);
      return {
        dueOn: stated ?? countedOn,
        source: stated ? 'ofsted_letter' : 'counted_from_receipt',
        provisional: !stated && !facts.receiptConfirmed,
        countedOn,
        workingDays: rule.workingDays,
      };
    };
    return {
      draftPlan: deadline(framework.deadlines.draftActionPlan, facts.statedDraftPlanDueOn),
      actionPlan: deadline(framework.deadlines.actionPlan, facts.statedActionPlanDueOn),
    };
  }

  workingDaysLeft(today: IsoDate, dueOn: IsoDate | null): number | null {
    return dueOn === null ? null : this.workingDays.workingDaysBetween(today, dueOn);
  }
}

/**
 * Whether Ofsted asks for this plan at all: some only with areas for priority action (a focused
 * visit), some only when the letter requires one (a JTAI; not yet recorded counts as required).
 */
export function asksFor(rule: DeadlineRule, facts: Pick<DeadlineFacts, 'priorityAction' | 'statementRequired'>): boolean {
  return (!rule.onlyWithPriorityAction || facts.priorityAction) && (!rule.onlyWhenRequired || facts.statementRequired !== false);
}
