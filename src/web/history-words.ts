import type { ActionEventType } from '../../workflows/action.machine.js';
import type { ImprovementAreaEventType } from '../../workflows/improvement-area.machine.js';
import { describeWorkflow, type WorkflowName } from '../moves/workflow-descriptions.js';
import type { AuditedEntity } from '../audit/audit-event.entity.js';
import { humanise } from './forms.js';

type RecordedEvent =
  | ActionEventType
  | ImprovementAreaEventType
  | 'CREATED'
  | 'IMPORTED'
  | 'UPDATED'
  | 'REASSIGNED'
  | 'PROGRESS_UPDATED'
  | 'NARRATIVE_WRITTEN'
  | 'NARRATIVE_CONFIRMED'
  | 'ACTION_REMOVED'
  | 'VALUE_ENTERED'
  | 'VALUE_CORRECTED';

/** What each entry of a page's history says happened, in the words a council officer would use, not the workflow's. */
const HAPPENED: Record<RecordedEvent, string> = {
  CREATED: 'Added',
  IMPORTED: 'Added from the inspection report',
  UPDATED: 'Details changed',
  REASSIGNED: 'Given to a new owner',
  PROGRESS_UPDATED: 'Progress update',
  NARRATIVE_WRITTEN: 'Summary of progress for the committee written',
  NARRATIVE_CONFIRMED: 'Summary of progress for the committee confirmed as still true',
  ACTION_REMOVED: 'Action removed',
  VALUE_ENTERED: 'Value entered',
  VALUE_CORRECTED: 'Value corrected',
  START: 'Started',
  COMPLETE: 'Marked as completed',
  BLOCK: 'Marked as blocked',
  UNBLOCK: 'No longer blocked',
  CANCEL: 'Cancelled',
  REOPEN: 'Reopened',
  SUBMIT: 'Recorded as sent to Ofsted',
  START_DELIVERY: 'Delivery started',
  SEND_TO_SCRUTINY: 'Sent to the scrutiny committee',
  ASSURE_PROGRESS: 'The committee was assured on progress',
  REQUEST_FURTHER_ASSURANCE: 'The committee asked for further assurance',
  ESCALATE: 'The committee escalated it',
  CLOSE: 'Closed by the committee',
};

/** The events a record can take from more than one state: only after those does the state it was in say something. */
function eventsFromSeveralStates(workflow: WorkflowName): ReadonlySet<string> {
  const origins = describeWorkflow(workflow).states.flatMap((state) =>
    state.transitions.filter((transition) => transition.to !== state.name).map((transition) => transition.event),
  );
  return new Set(origins.filter((event, index) => origins.indexOf(event) !== index));
}

const SAYS_WHERE_FROM: Partial<Record<AuditedEntity, ReadonlySet<string>>> = {
  action: eventsFromSeveralStates('action'),
  improvement_area: eventsFromSeveralStates('improvementArea'),
};

export interface HistoryLine {
  entityType: string;
  entityId: string;
  event: string;
  fromState?: string | null;
  toState?: string | null;
}

/**
 * What an entry of a history says happened: "Marked as blocked (it was in progress)", naming the state it left only
 * where it could have been another ("Started" was not started). On a page whose history
 * holds the entries of other records too (an area's holds its actions'), `subjects` names each of them, so that
 * "Action 2.3: marked as blocked" says which action.
 */
export function whatHappened(entry: HistoryLine, subjects: Readonly<Record<string, string>> = {}): string {
  const words = Object.hasOwn(HAPPENED, entry.event) ? HAPPENED[entry.event as RecordedEvent] : humanise(entry.event);
  const moved =
    entry.fromState && entry.toState !== entry.fromState && SAYS_WHERE_FROM[entry.entityType as AuditedEntity]?.has(entry.event);
  const sentence = moved ? `${words} (it was ${humanise(entry.fromState).toLowerCase()})` : words;
  const subject = Object.hasOwn(subjects, entry.entityId) ? subjects[entry.entityId] : null;
  return subject ? `${subject}: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}` : sentence;
}
