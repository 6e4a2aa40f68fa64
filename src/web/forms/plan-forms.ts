import { CreateActionDto, CreateProgressUpdateDto } from '../../actions/action.dto.js';
import { AreaNarrativeDto, CreateImprovementAreaDto } from '../../improvement-areas/improvement-area.dto.js';
import { WorkflowEventDto } from '../../moves/workflow-event.dto.js';
import { actionWorkflow } from '../../../workflows/action.machine.js';
import { improvementAreaWorkflow } from '../../../workflows/improvement-area.machine.js';
import { eventsNeedingComment } from '../../../workflows/workflow.js';
import { dateFromFields, text, type FieldErrors, type FormBody } from '../forms.js';
import { PageForm } from './page-form.js';
import { PersonChoice, type Person } from './person-choice.js';

const OWNER_FIELDS = { 'owner.name': 'ownerName', 'owner.email': 'ownerEmail', owner: 'ownerName' };
const ACTION_FIELD_ORDER = ['title', 'owner', 'ownerName', 'ownerEmail', 'dueOn', 'confirmPastDueOn', 'successMeasure'];

/** The box ticked to say a due date already past is meant. */
const confirmedPastDueOn = (body: Record<string, unknown>) => (body.confirmPastDueOn === 'yes' ? true : undefined);

/** Adding an improvement area to a plan. */
export class AreaForm extends PageForm<CreateImprovementAreaDto> {
  protected readonly dto = CreateImprovementAreaDto;
  private readonly lead: PersonChoice;

  constructor(body: FormBody, onRecord: readonly Person[]) {
    super(body);
    this.lead = new PersonChoice(body, 'lead', onRecord);
  }

  protected override fieldNames() {
    return { 'leadOfficer.name': 'leadName', 'leadOfficer.email': 'leadEmail', leadOfficer: 'leadName' };
  }

  protected values() {
    const lead = this.lead.person;
    return {
      title: text(this.body, 'title'),
      timeframe: text(this.body, 'timeframe') || undefined,
      ...(lead ? { leadOfficer: lead } : {}),
    };
  }

  protected override checks(): FieldErrors {
    return this.lead.problems('the lead officer', false);
  }

  protected override fieldOrder() {
    return ['title', 'timeframe', 'lead', 'leadName', 'leadEmail'];
  }
}

/** Adding an action to an area. */
export class NewActionForm extends PageForm<CreateActionDto> {
  protected readonly dto = CreateActionDto;
  protected override fieldNames() {
    return OWNER_FIELDS;
  }
  private readonly due = dateFromFields(this.body, 'dueOn', 'Due date');
  private readonly owner: PersonChoice;

  constructor(body: FormBody, onRecord: readonly Person[]) {
    super(body);
    this.owner = new PersonChoice(body, 'owner', onRecord);
  }

  protected values() {
    const owner = this.owner.person;
    return {
      title: text(this.body, 'title'),
      ...(owner ? { owner } : {}),
      dueOn: this.due.value,
      successMeasure: text(this.body, 'successMeasure') || undefined,
      confirmPastDueOn: confirmedPastDueOn(this.body),
    };
  }

  /** A plan cannot go to Ofsted with an action nobody owns or with no date, so the page asks for everything at once. */
  protected override checks(): FieldErrors {
    const errors: FieldErrors = this.owner.problems('the owner', true);
    if (this.due.error) errors.dueOn = this.due.error;
    else if (!this.due.value) errors.dueOn = 'Enter the due date';
    if (!text(this.body, 'successMeasure')) errors.successMeasure = 'Enter how you will know it worked';
    return errors;
  }

  protected override fieldOrder() {
    return ACTION_FIELD_ORDER;
  }

  /** The page asks "What will be done", not for a title. */
  protected override reword(field: string, message: string): string {
    return field === 'title'
      ? message.replace(/^Enter the title$/, 'Enter what will be done').replace(/^The title /, 'What will be done ')
      : message;
  }
}

const PROGRESS_INSTRUCTIONS: FieldErrors = {
  text: 'Enter what has been done since the last update',
  percentComplete: 'Enter how complete the action is, as a whole number from 0 to 100',
};

/** An owner's progress update. */
export class ProgressForm extends PageForm<CreateProgressUpdateDto> {
  protected readonly dto = CreateProgressUpdateDto;
  private readonly revised = dateFromFields(this.body, 'revisedDueOn', 'Revised date');

  /** What to enter: the update's text where it is missing (one too long says how long it may be), the percentage whatever is wrong. */
  protected override reword(field: string, message: string): string {
    return field === 'text' && !message.startsWith('Enter ') ? message : (PROGRESS_INSTRUCTIONS[field] ?? message);
  }

  protected values() {
    // "100%" as typed beside the box's own % sign: the number is what was meant.
    const percent = text(this.body, 'percentComplete').replace(/\s*%$/, '');
    return {
      text: text(this.body, 'text'),
      percentComplete: /^\d+$/.test(percent) ? Number(percent) : percent,
      rag: text(this.body, 'rag') || undefined,
      mitigation: text(this.body, 'mitigation') || undefined,
      revisedDueOn: this.revised.value,
    };
  }

  protected override checks(): FieldErrors {
    return this.revised.error ? { revisedDueOn: this.revised.error } : {};
  }

  protected override fieldOrder() {
    return ['text', 'percentComplete', 'rag', 'mitigation', 'revisedDueOn'];
  }
}

/** The lead officer's summary of progress on an area, at the version the page showed. */
export class NarrativeForm extends PageForm<AreaNarrativeDto> {
  protected readonly dto = AreaNarrativeDto;
  protected override explainsStaleEdits(): boolean {
    return true;
  }

  protected override reword(field: string, message: string): string {
    return field === 'narrative' && message.startsWith('Enter') ? 'Enter a summary of progress on this area' : message;
  }

  protected override fieldOrder() {
    return ['narrative'];
  }

  protected values() {
    return { narrative: text(this.body, 'narrative'), version: Number(this.body.version) };
  }
}

/** Events whose buttons come with a box for the reason: a refusal of one is shown on that box. */
const COMMENTED_EVENTS = new Set([actionWorkflow, improvementAreaWorkflow].flatMap((workflow) => eventsNeedingComment(workflow)));

/** A button that moves an area or an action through its workflow, with the reason given. */
export class WorkflowEventForm extends PageForm<WorkflowEventDto> {
  protected readonly dto = WorkflowEventDto;

  /** The event's reason box, or its button's form where it has none. */
  protected override refusalField(): string {
    const type = text(this.body, 'type');
    return COMMENTED_EVENTS.has(type) ? `comment-${type}` : `event-${type}`;
  }

  protected values() {
    return { type: text(this.body, 'type'), version: Number(this.body.version), comment: text(this.body, 'comment') || undefined };
  }
}
