import { CreateActionDto, CreateProgressUpdateDto } from '../../actions/action.dto.js';
import { CreateImprovementAreaDto } from '../../improvement-areas/improvement-area.dto.js';
import { WorkflowEventDto } from '../../moves/workflow-event.dto.js';
import { dateFromFields, text, type FieldErrors } from '../forms.js';
import { PageForm } from './page-form.js';

/** A person's name and email from two fields: a person only when either is filled in, so both empty means "nobody yet" or "unchanged". */
function person(body: Record<string, unknown>, prefix: string): { name: string; email: string } | undefined {
  const name = text(body, `${prefix}Name`);
  const email = text(body, `${prefix}Email`);
  return name || email ? { name, email } : undefined;
}

const OWNER_FIELDS = { 'owner.name': 'ownerName', 'owner.email': 'ownerEmail', owner: 'ownerName' };

/** Adding an improvement area to a plan. */
export class AreaForm extends PageForm<CreateImprovementAreaDto> {
  protected readonly dto = CreateImprovementAreaDto;
  protected override fieldNames() {
    return { 'leadOfficer.name': 'leadName', 'leadOfficer.email': 'leadEmail', leadOfficer: 'leadName' };
  }

  protected values() {
    const lead = person(this.body, 'lead');
    return {
      title: text(this.body, 'title'),
      timeframe: text(this.body, 'timeframe') || undefined,
      ...(lead ? { leadOfficer: lead } : {}),
    };
  }
}

/** Adding an action to an area. */
export class NewActionForm extends PageForm<CreateActionDto> {
  protected readonly dto = CreateActionDto;
  protected override fieldNames() {
    return OWNER_FIELDS;
  }
  private readonly due = dateFromFields(this.body, 'dueOn', 'Due date');

  protected values() {
    const owner = person(this.body, 'owner');
    return {
      title: text(this.body, 'title'),
      ...(owner ? { owner } : {}),
      dueOn: this.due.value,
      successMeasure: text(this.body, 'successMeasure') || undefined,
    };
  }

  protected override checks(): FieldErrors {
    return this.due.error ? { dueOn: this.due.error } : {};
  }
}

const PROGRESS_INSTRUCTIONS: FieldErrors = {
  text: 'Enter what has been done since the last update',
  percentComplete: 'Enter how complete the action is, as a whole number from 0 to 100',
};

/** An owner's progress update. */
export class ProgressForm extends PageForm<CreateProgressUpdateDto> {
  protected readonly dto = CreateProgressUpdateDto;
  protected override reword(field: string, message: string): string {
    return PROGRESS_INSTRUCTIONS[field] ?? message;
  }

  protected values() {
    const percent = text(this.body, 'percentComplete');
    return {
      text: text(this.body, 'text'),
      percentComplete: /^\d+$/.test(percent) ? Number(percent) : percent,
      rag: text(this.body, 'rag') || undefined,
    };
  }
}

/** A button that moves a plan, an area or an action through its workflow, with the reason given. */
export class WorkflowEventForm extends PageForm<WorkflowEventDto> {
  protected readonly dto = WorkflowEventDto;

  protected values() {
    return { type: text(this.body, 'type'), version: Number(this.body.version), comment: text(this.body, 'comment') || undefined };
  }
}
