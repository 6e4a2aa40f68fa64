import { initialTransition, transition, type AnyStateMachine, type EventFromLogic } from 'xstate';

/**
 * A guard's reasoning: null when the event may go ahead, otherwise why it may not,
 * in words a council officer understands. Guards are built from these so that the
 * API can say why an event was refused, not only that it was.
 */
export type Check<TEvent, TContext = unknown> = (event: TEvent, context: TContext) => string | null;

export interface Workflow<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Stored with every snapshot; bump it when a change makes old snapshots mean something else. */
  readonly version: number;
  readonly machine: TMachine;
  readonly checks: Readonly<Record<string, Check<EventFromLogic<TMachine>, never>>>;
  /** Events only the service sends (a deadline passing): never offered to, nor taken from, a person. */
  readonly serviceEvents?: readonly string[];
}

/** Who sends an event: a person through the API, or the service itself. */
export type EventSource = 'person' | 'service';

/**
 * What the database keeps. The machines are flat and their context holds only plain facts
 * (dates, flags, counts), so a state name and the context restore them exactly.
 */
export interface PersistedWorkflow<TContext extends object = WorkflowContext> {
  value: string;
  context: TContext;
}

/** A machine's context as stored: plain facts only, so it survives JSON unchanged. */
export type WorkflowContext = Record<string, string | number | boolean | null>;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2024-07-18 as "18 July 2024": the checks' reasons are read by people. */
export function inWords(date: string): string {
  return `${Number(date.slice(8, 10))} ${monthInWords(date)}`;
}

/** 2025-03, or any date in March 2025, as "March 2025". */
export function monthInWords(periodOrDate: string): string {
  const [year, month] = periodOrDate.split('-').map(Number);
  return `${MONTHS[month - 1]} ${year}`;
}

/** A month's number from its name, or three or more of its first letters ("Sept", "mar"); 0 when it names none. */
export function monthNumberOfName(typed: string): number {
  const name = typed.toLowerCase();
  return name.length >= 3 ? MONTHS.findIndex((month) => month.toLowerCase().startsWith(name)) + 1 : 0;
}

const LIST = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

/** ["2", "4", "7"] as "2, 4 and 7". */
export const listInWords = (items: readonly string[]): string => LIST.format(items);

/** The guard every event that needs a reason is given: which events need a comment is read from the machines, not restated. */
export const REASON_GIVEN = 'reasonGiven';

export type StepResult =
  | { outcome: 'moved'; from: string; to: string; persisted: PersistedWorkflow }
  | { outcome: 'not_accepted'; state: string; accepted: string[] }
  | { outcome: 'refused'; state: string; accepted: string[]; reasons: string[] };

/** The events that need a reason typed by the person: those whose transitions are all guarded by REASON_GIVEN. */
export function eventsNeedingComment(workflow: Workflow): string[] {
  const guards = new Map<string, boolean>();
  for (const node of Object.values(workflow.machine.states)) {
    for (const [event, transitions] of Object.entries(node.on)) {
      const needs = transitions.every((transition) => guardName(transition.guard) === REASON_GIVEN);
      guards.set(event, (guards.get(event) ?? true) && needs);
    }
  }
  return [...guards]
    .filter(([, needs]) => needs)
    .map(([event]) => event)
    .sort();
}

/** The states no event leaves: a record there is done with for good. */
export function finalStates(workflow: Workflow): string[] {
  return Object.values(workflow.machine.states)
    .filter((node) => node.type === 'final')
    .map((node) => node.key);
}

export function startWorkflow(workflow: Workflow): PersistedWorkflow {
  const [snapshot] = initialTransition(workflow.machine);
  return persist(snapshot);
}

/** Every event of the workflow in the order its states are written: the usual next step (Start) before the rarer ones. */
export function eventsInWrittenOrder(workflow: Workflow): string[] {
  return [...new Set(Object.values(workflow.machine.states).flatMap((node) => node.ownEvents.map((event) => String(event))))];
}

export function acceptedEvents(workflow: Workflow, state: string, source: EventSource = 'person'): string[] {
  const node = workflow.machine.states[state];
  if (!node) throw new Error(`The ${workflow.machine.id} workflow has no state "${state}".`);
  const events = node.ownEvents.map((event) => String(event));
  return (source === 'service' ? events : events.filter((event) => !workflow.serviceEvents?.includes(event))).sort();
}

export function stepWorkflow(
  workflow: Workflow,
  persisted: PersistedWorkflow,
  event: { type: string },
  source: EventSource = 'person',
): StepResult {
  const state = persisted.value;
  const accepted = acceptedEvents(workflow, state, source);
  if (!accepted.includes(event.type)) return { outcome: 'not_accepted', state, accepted };

  const current = workflow.machine.resolveState({ value: state, context: persisted.context });
  if (!current.can(event)) return { outcome: 'refused', state, accepted, reasons: refusalReasons(workflow, persisted, event) };

  const [next] = transition(workflow.machine, current, event);
  return { outcome: 'moved', from: state, to: String(next.value), persisted: persist(next) };
}

function refusalReasons(workflow: Workflow, persisted: PersistedWorkflow, event: { type: string }): string[] {
  const candidates = workflow.machine.states[persisted.value]?.on[event.type] ?? [];
  const reasons = candidates.flatMap((candidate) => {
    const name = guardName(candidate.guard);
    const check = name ? (workflow.checks[name] as Check<{ type: string }, PersistedWorkflow['context']> | undefined) : undefined;
    const reason = check?.(event, persisted.context);
    return reason ? [reason] : [];
  });
  return reasons.length > 0 ? reasons : [`${event.type} is not possible right now.`];
}

export function guardName(guard: unknown): string | undefined {
  return typeof guard === 'string' ? guard : (guard as { type?: string } | undefined)?.type;
}

function persist(snapshot: { value: unknown; context: unknown }): PersistedWorkflow {
  return { value: String(snapshot.value), context: structuredClone(snapshot.context) as PersistedWorkflow['context'] };
}
