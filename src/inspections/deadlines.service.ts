import { Injectable } from '@nestjs/common';
import { WorkingDays } from '../working-days/working-days.service.js';
import type { IsoDate } from '../common/dates.js';
import type { DeadlineRule, FrameworkPolicy } from '../config/policy.js';

export interface PlanDeadlines {
  draftPlanDueOn: IsoDate | null;
  actionPlanDueOn: IsoDate | null;
}

/** The statutory dates that follow from a report's receipt, by the framework's rules in config/. */
@Injectable()
export class DeadlinesService {
  constructor(private readonly workingDays: WorkingDays) {}

  forInspection(framework: FrameworkPolicy, receivedOn: IsoDate, priorityAction: boolean): PlanDeadlines {
    const due = (rule: DeadlineRule | undefined) =>
      rule && (priorityAction || !rule.onlyWithPriorityAction) ? this.workingDays.addWorkingDays(receivedOn, rule.workingDays) : null;
    return { draftPlanDueOn: due(framework.deadlines.draftActionPlan), actionPlanDueOn: due(framework.deadlines.actionPlan) };
  }

  workingDaysLeft(today: IsoDate, dueOn: IsoDate | null): number | null {
    return dueOn === null ? null : this.workingDays.workingDaysBetween(today, dueOn);
  }
}
