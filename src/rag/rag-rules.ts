import { ACTION_STATES, BLOCKED_ACTION_STATES, type ActionState } from '../../workflows/action.machine.js';
import { inWords } from '../../workflows/workflow.js';
import type { IsoDate } from '../common/dates.js';

export const RAG_STATUSES = ['complete', 'awaiting_sign_off', 'on_track', 'at_risk', 'off_track', 'overdue', 'cancelled'] as const;
export type RagStatus = (typeof RAG_STATUSES)[number];

export interface RagPolicy {
  ratings: Record<RagStatus, { colour: string; label: string }>;
  awaitingSignOff: { percentComplete: number };
  atRisk: { dueWithinWorkingDays: number; progressBelowPercent: number; dateMovedTimes: number };
  ownerRating: 'worsens' | 'ignore';
  /** The rating at least as bad as which a measure behind its trajectory puts its area. */
  areaFromMeasures: { red: RagStatus; amber: RagStatus };
}

/** What an area's rating reads of each of its measures (rated by measure-rating.ts). */
export interface AreaMeasure {
  name: string;
  rating: { status: 'green' | 'amber' | 'red' | 'no_data'; label: string; reason: string; missing: { period: string } | null };
}

/** What the rules read about one action; the caller gathers it (working days need the calendar). */
export interface ActionRagFacts {
  state: ActionState;
  dueOn: IsoDate | null;
  /** Working days from today to the due date; negative once it has passed. */
  workingDaysToDue: number | null;
  /** From the latest progress update, if any. */
  percentComplete: number | null;
  /** How many times the due date has been changed from one date to another. */
  dueDateMoves: number;
  ownerRag: 'red' | 'amber' | 'green' | null;
  ownerRagReason: string | null;
  /** Why it is blocked, completed or cancelled, as said when it moved there; null in any other state, or if nothing was said. */
  stateReason: string | null;
  /** The date its owner's latest update expects it by, where they gave one, and whether that has passed too. */
  revised?: { on: IsoDate; passed: boolean } | null;
}

/** A rating and the rule that produced it, in words for the committee. */
export interface RagRating {
  status: RagStatus;
  colour: string;
  label: string;
  rule: string;
  reason: string;
}

const SEVERITY: Record<RagStatus, number> = {
  cancelled: 0,
  complete: 0,
  awaiting_sign_off: 1,
  on_track: 2,
  at_risk: 3,
  off_track: 4,
  overdue: 5,
};

/** Text ending as a sentence does: a full stop added where it has no closing mark. */
export const asSentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

const days = (count: number) => `${count} working day${count === 1 ? '' : 's'}`;

/** Rates one action by the council's rules (config/rag.yaml). Pure: the same facts always give the same rating. */
export function rateAction(facts: ActionRagFacts, policy: RagPolicy): RagRating {
  const rate = (status: RagStatus, rule: string, reason: string): RagRating => ({ status, ...policy.ratings[status], rule, reason });
  const { atRisk } = policy;
  const progress = facts.percentComplete ?? 0;

  // The committee's paper has no history to point to: what was said as it finished, where something was.
  if (facts.state === ACTION_STATES.completed)
    return rate(
      'complete',
      'completed',
      facts.stateReason ? `Marked completed. How its success measure was met: ${asSentence(facts.stateReason)}` : 'Marked completed.',
    );
  if (facts.state === ACTION_STATES.cancelled)
    return rate(
      'cancelled',
      'cancelled',
      facts.stateReason ? `Cancelled: ${asSentence(facts.stateReason)}` : 'Cancelled; the reason is in its history.',
    );
  if (facts.percentComplete !== null && facts.percentComplete >= policy.awaitingSignOff.percentComplete) {
    return rate('awaiting_sign_off', 'reported_done', `Reported ${facts.percentComplete}% done; waiting to be signed off as completed.`);
  }
  let rating: RagRating;
  if (facts.dueOn !== null && facts.workingDaysToDue !== null && facts.workingDaysToDue < 0) {
    // An owner's revised date says when it may yet be done: without it, "overdue" is all anyone reading knows.
    const revised =
      facts.revised && facts.revised.on > facts.dueOn
        ? `; its owner ${facts.revised.passed ? 'expected' : 'expects'} it by ${inWords(facts.revised.on)}${facts.revised.passed ? ', which has passed too' : ''}`
        : '';
    rating = rate(
      'overdue',
      'past_due',
      `Due ${inWords(facts.dueOn)}: ${days(-facts.workingDaysToDue)} overdue, ${progress}% done${revised}.`,
    );
  } else if (BLOCKED_ACTION_STATES.includes(facts.state)) {
    // The committee's paper has no history to point to: the reason itself, where it is known.
    rating = rate(
      'at_risk',
      'blocked',
      facts.stateReason ? `Blocked: ${asSentence(facts.stateReason)}` : 'Blocked; the reason is in its history.',
    );
  } else if (facts.dueOn === null || facts.workingDaysToDue === null) {
    rating = rate('at_risk', 'no_due_date', 'Has no due date.');
  } else if (facts.workingDaysToDue <= atRisk.dueWithinWorkingDays && progress < atRisk.progressBelowPercent) {
    rating = rate(
      'at_risk',
      'due_soon',
      `Due ${inWords(facts.dueOn)}, ${days(facts.workingDaysToDue)} away, and ${progress}% done (at risk below ${atRisk.progressBelowPercent}% within ${days(atRisk.dueWithinWorkingDays)}).`,
    );
  } else if (facts.dueDateMoves >= atRisk.dateMovedTimes) {
    rating = rate(
      'at_risk',
      'date_moved',
      `Its due date has moved ${facts.dueDateMoves === 1 ? 'once' : `${facts.dueDateMoves} times`}; now due ${inWords(facts.dueOn)}.`,
    );
  } else {
    rating = rate('on_track', 'on_schedule', `Due ${inWords(facts.dueOn)}, ${days(facts.workingDaysToDue)} away, ${progress}% done.`);
  }

  // The owner may know what the dates do not: their amber or red makes the rating worse, never better.
  if (policy.ownerRating === 'worsens' && (facts.ownerRag === 'amber' || facts.ownerRag === 'red')) {
    const status: RagStatus = facts.ownerRag === 'red' ? 'off_track' : 'at_risk';
    if (SEVERITY[status] > SEVERITY[rating.status]) {
      return rate(
        status,
        `owner_${facts.ownerRag}`,
        `Its owner rated it ${facts.ownerRag}${facts.ownerRagReason ? `: ${facts.ownerRagReason}` : '.'}`,
      );
    }
  }
  return rating;
}

export type AreaRagRating = RagRating & { counts: Record<RagStatus, number> };

/**
 * An area's rating: its worst open action's, or complete once every action is done; then its measures,
 * which can make it worse and never better, and are named in its reason whenever they are behind. Activity
 * is not impact: an area whose actions are all done but whose measure is behind its trajectory is not complete.
 */
export function rateArea(
  actions: Array<{ reference: string; rating: RagRating }>,
  policy: RagPolicy,
  measures: readonly AreaMeasure[],
): AreaRagRating {
  const byActions = rateAreaByActions(actions, policy);
  // Done, by its activity alone: the committee is told that nothing yet measures the difference made.
  if (byActions.status === 'complete' && measures.length === 0)
    return { ...byActions, reason: `${byActions.reason} No measure of impact shows yet whether things are better for children.` };
  const missing = measures.filter((measure) => measure.rating.missing);
  const missingWords = missing.length > 0 ? ` Figures are missing for ${missing.map((measure) => `“${measure.name}”`).join(', ')}.` : '';
  const worst =
    measures.find((measure) => measure.rating.status === 'red') ?? measures.find((measure) => measure.rating.status === 'amber');
  const behind = worst ? measures.filter((measure) => measure.rating.status === worst.rating.status).length : 0;
  if (worst) {
    const status = policy.areaFromMeasures[worst.rating.status as 'red' | 'amber'];
    if (SEVERITY[status] > SEVERITY[byActions.status] || byActions.status === 'complete') {
      return {
        ...byActions,
        status,
        ...policy.ratings[status],
        rule: `measure_${worst.rating.status}`,
        reason: `${behind === 1 ? 'Its measure' : `${behind} of its measures, among them`} “${worst.name}” ${behind === 1 ? 'is' : 'are'} ${worst.rating.label.toLowerCase()}: ${lowerFirst(worst.rating.reason).replace(/\.$/, '')}. By its actions alone: ${lowerFirst(byActions.reason)}${missingWords}`,
      };
    }
  }
  // Its actions rate it worse than its measures do: the measures behind are still part of why.
  const behindToo = worst
    ? ` ${behind === 1 ? 'Its measure' : `${behind} of its measures, among them`} “${worst.name}”${behind === 1 ? ' is' : ', are'} ${worst.rating.label.toLowerCase()} too.`
    : '';
  return behindToo || missingWords ? { ...byActions, reason: `${byActions.reason}${behindToo}${missingWords}` } : byActions;
}

function rateAreaByActions(actions: Array<{ reference: string; rating: RagRating }>, policy: RagPolicy): AreaRagRating {
  const counts = Object.fromEntries(
    RAG_STATUSES.map((status) => [status, actions.filter((a) => a.rating.status === status).length]),
  ) as Record<RagStatus, number>;
  const live = actions.filter((a) => a.rating.status !== 'cancelled');
  if (live.length === 0) return { status: 'at_risk', ...policy.ratings.at_risk, rule: 'no_actions', reason: 'Has no actions yet.', counts };
  const worst = Math.max(...live.map((a) => SEVERITY[a.rating.status]));
  const status = live.find((a) => SEVERITY[a.rating.status] === worst)!.rating.status;
  if (status === 'complete')
    return { status, ...policy.ratings.complete, rule: 'all_complete', reason: 'Every action is complete.', counts };
  const which = live.filter((a) => a.rating.status === status).map((a) => a.reference);
  return {
    status,
    ...policy.ratings[status],
    rule: 'worst_action',
    reason: `${which.length} of ${live.length} action${live.length === 1 ? '' : 's'} ${policy.ratings[status].label.toLowerCase()} (${which.join(', ')}); an area takes its worst action's rating.`,
    counts,
  };
}

/** A sentence carried on inside another, after a colon: "target missed: …". */
const lowerFirst = (sentence: string) => `${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
