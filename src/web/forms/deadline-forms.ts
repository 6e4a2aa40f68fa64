import { actionPlanWorkflow } from '../../../workflows/action-plan.machine.js';
import { eventsNeedingComment } from '../../../workflows/workflow.js';
import type { FrameworkPolicy } from '../../config/policy.js';
import { PlanEventDto, UpdateInspectionDto } from '../../inspections/inspection.dto.js';
import { dateFromFields, text, type FieldErrors, type FormBody } from '../forms.js';
import { PageForm } from './page-form.js';

/** What the letter page asks about an inspection, by its framework's rules in config/frameworks.yaml. */
export interface LetterQuestions {
  /** Not once the plan went to Ofsted: the date of receipt counts its deadline, which its sending was judged against. */
  receivedOn: boolean;
  draftPlanDate: boolean;
  actionPlanDate: boolean;
  priorityAction: boolean;
  statementRequired: boolean;
  principalAuthority: boolean;
}

/** `plan`: when it (and its draft) went to Ofsted, if they did; the dates a plan sent was judged against are no longer asked. */
export function letterQuestions(
  framework: FrameworkPolicy,
  plan: { submittedOn: string | null; draftSentOn?: string | null },
): LetterQuestions {
  const rules = Object.values(framework.deadlines).filter((rule) => rule !== undefined);
  return {
    receivedOn: !plan.submittedOn,
    draftPlanDate: framework.deadlines.draftActionPlan !== undefined && !plan.draftSentOn && !plan.submittedOn,
    actionPlanDate: framework.deadlines.actionPlan !== undefined && !plan.submittedOn,
    priorityAction: rules.some((rule) => rule.onlyWithPriorityAction),
    statementRequired: rules.some((rule) => rule.onlyWhenRequired),
    principalAuthority: framework.principalAuthority,
  };
}

const LABELS: Record<string, string> = {
  receivedOn: 'The date the council received the report',
  statedActionPlanDueOn: 'The date for the final plan',
  statedDraftPlanDueOn: 'The date for the draft plan',
  principalAuthority: 'The principal authority',
};

/** "Yes" and "No" radios as true and false; neither chosen as null (not recorded). */
function yesNo(body: FormBody, name: string): boolean | null {
  const answer = text(body, name);
  return answer === 'yes' ? true : answer === 'no' ? false : null;
}

/**
 * The dates and answers Ofsted's letter gives: when the council received the report, the dates it
 * states for the plans, and what it asks for. A stated date left empty is removed; an empty date of
 * receipt leaves it as it was.
 */
export class LetterForm extends PageForm<UpdateInspectionDto> {
  protected readonly dto = UpdateInspectionDto;
  private readonly dates = {
    receivedOn: dateFromFields(this.body, 'receivedOn', LABELS.receivedOn),
    statedActionPlanDueOn: dateFromFields(this.body, 'statedActionPlanDueOn', LABELS.statedActionPlanDueOn),
    statedDraftPlanDueOn: dateFromFields(this.body, 'statedDraftPlanDueOn', LABELS.statedDraftPlanDueOn),
  };

  constructor(
    body: FormBody,
    private readonly questions: LetterQuestions,
  ) {
    super(body);
  }

  /** Someone else's change in the meantime is shown on the first question, the date of receipt. */
  protected override refusalField(): string {
    return 'receivedOn';
  }

  protected values() {
    const { questions } = this;
    return {
      version: Number(this.body.version),
      ...(questions.receivedOn ? { receivedOn: this.dates.receivedOn.value } : {}),
      ...(questions.actionPlanDate ? { statedActionPlanDueOn: this.dates.statedActionPlanDueOn.value ?? null } : {}),
      ...(questions.draftPlanDate ? { statedDraftPlanDueOn: this.dates.statedDraftPlanDueOn.value ?? null } : {}),
      ...(questions.priorityAction ? { priorityAction: yesNo(this.body, 'priorityAction') ?? undefined } : {}),
      ...(questions.statementRequired ? { statementRequired: yesNo(this.body, 'statementRequired') } : {}),
      ...(questions.principalAuthority ? { principalAuthority: text(this.body, 'principalAuthority') || null } : {}),
    };
  }

  protected override checks(): FieldErrors {
    return Object.fromEntries(Object.entries(this.dates).flatMap(([field, date]) => (date.error ? [[field, date.error]] : [])));
  }

  protected override reword(field: string, message: string): string {
    return field === 'principalAuthority' ? 'Enter the principal authority’s name on one line, in 200 characters or less' : message;
  }
}

/** How each step that happened on a day asks for that day, and what its button says (the service records; it sends nothing). */
export const DATED_STEPS: Record<string, { legend: string; button: string; lateExample: string }> = {
  APPROVE: {
    legend: 'Date cabinet (or the executive) approved the plan',
    button: 'Approve',
    lateExample: 'For example, approved at an evening cabinet meeting and recorded the next morning.',
  },
  SUBMIT: {
    legend: 'Date the plan was sent to Ofsted',
    button: 'Record the plan as sent',
    lateExample: 'For example, sent by email at 16:40 and recorded the next morning.',
  },
  SEND_DRAFT: {
    legend: 'Date the draft plan was sent to Ofsted',
    button: 'Record the draft plan as sent',
    lateExample: 'For example, sent by email at 16:40 and recorded the next morning.',
  },
};

/**
 * A decision on the plan. Approval, submission and the draft take the day they happened (the day's
 * date unless changed), with a reason when it is before today.
 */
export class PlanEventForm extends PageForm<PlanEventDto> {
  protected readonly dto = PlanEventDto;
  private readonly type = text(this.body, 'type');
  private readonly field = `happenedOn-${this.type}`;
  private readonly happened = dateFromFields(this.body, this.field, DATED_STEPS[this.type]?.legend ?? 'The date');

  protected override fieldNames() {
    return { happenedOn: this.field, comment: `comment-${this.type}` };
  }

  /** A step refused (a condition no longer met) is shown on its reason box where it has one, else on its button's form. */
  protected override refusalField(): string {
    return eventsNeedingComment(actionPlanWorkflow).includes(this.type) ? `comment-${this.type}` : `event-${this.type}`;
  }

  protected override reword(field: string, message: string): string {
    return field === `comment-${this.type}` ? 'Say why this is recorded after the day it happened' : message;
  }

  protected values() {
    return {
      type: this.type,
      version: Number(this.body.version),
      comment: text(this.body, 'comment') || undefined,
      happenedOn: this.happened.value,
    };
  }

  protected override checks(): FieldErrors {
    return this.happened.error ? { [this.field]: this.happened.error } : {};
  }
}
