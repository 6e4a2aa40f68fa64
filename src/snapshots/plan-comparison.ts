import { ACTION_STATES } from '../../workflows/action.machine.js';
import type { IsoDate } from '../common/dates.js';
import type { RagStatus } from '../rag/rag-rules.js';
import type { MeasureRating, Point } from '../measures/measure-rating.js';
import type { PlanAction, PlanMeasure } from '../reports/plan-model.service.js';

/** One action, as a list of changes names it. */
export interface ActionLine {
  reference: string;
  title: string;
}

export interface RatingMove extends ActionLine {
  from: { status: RagStatus; label: string };
  to: { status: RagStatus; label: string };
}

export interface DueDateMove extends ActionLine {
  from: IsoDate | null;
  to: IsoDate | null;
  /** How many times it has moved in all, when the plan says. */
  times: number | null;
}

/** A measure's latest figure then and now, as a list of changes names it. */
export interface MeasureMove {
  /** The reference of its improvement area. */
  area: string;
  name: string;
  unit: PlanMeasure['unit'];
  /** Its latest figure at the earlier snapshot; null when it had none then (or was not yet a measure). */
  from: { period: string; value: number } | null;
  to: { period: string; value: number };
  /** Whether the figure moved the way the measure says is better; null where it did not move or had none to move from. */
  better: boolean | null;
  target: Point;
  rating: { label: string };
}

/** What changed in a plan between two of its snapshots, action by action, and each measure's latest figure. */
export interface PlanComparison {
  better: RatingMove[];
  worse: RatingMove[];
  newlyOverdue: ActionLine[];
  completed: ActionLine[];
  dueDatesMoved: DueDateMove[];
  added: ActionLine[];
  cancelled: ActionLine[];
  /** Every measure with a figure now; absent from comparisons frozen before measures were compared, and against a
   * snapshot that kept no measures. */
  measures?: MeasureMove[];
}

/** What a comparison reads of an action, and of a plan: all a frozen plan need keep to be compared again. */
export type ComparedAction = Pick<PlanAction, 'id' | 'reference' | 'title' | 'dueOn' | 'dueDateMoves' | 'state'> & {
  rating: Pick<PlanAction['rating'], 'status' | 'label'>;
};
export type ComparedMeasure = Pick<PlanMeasure, 'id' | 'name' | 'unit' | 'direction' | 'target'> & {
  rating: Pick<MeasureRating, 'label' | 'latest'>;
};
export interface ComparedPlan {
  areas: Array<{ reference?: string; actions: ComparedAction[]; measures?: ComparedMeasure[] }>;
}

/** Only what a comparison reads. */
export function comparedPlan(model: ComparedPlan): ComparedPlan {
  return {
    areas: model.areas.map((area) => ({
      reference: area.reference,
      measures: area.measures?.map(({ id, name, unit, direction, target, rating }) => ({
        id,
        name,
        unit,
        direction,
        target,
        rating: { label: rating.label, latest: rating.latest },
      })),
      actions: area.actions.map(({ id, reference, title, dueOn, dueDateMoves, state, rating }) => ({
        id,
        reference,
        title,
        dueOn,
        dueDateMoves,
        state,
        rating: { status: rating.status, label: rating.label },
      })),
    })),
  };
}

/** Better to worse; a cancelled action is counted apart (it is in `cancelled`, not better or worse). */
const RANK: Partial<Record<RagStatus, number>> = {
  complete: 0,
  awaiting_sign_off: 1,
  on_track: 2,
  at_risk: 3,
  off_track: 4,
  overdue: 5,
};

/**
 * Compares two snapshots of one plan, action by action (matched by id, which a reference is not: a
 * draft's actions renumber): ratings better or worse, newly overdue, completed, due dates moved,
 * actions added and cancelled. Pure: the same two models always give the same answer.
 */
export function comparePlans(before: ComparedPlan, after: ComparedPlan): PlanComparison {
  const earlier = new Map(actionsOf(before).map((action) => [keyOf(action), action]));
  const comparison: PlanComparison = {
    better: [],
    worse: [],
    newlyOverdue: [],
    completed: [],
    dueDatesMoved: [],
    added: [],
    cancelled: [],
  };
  for (const action of actionsOf(after)) {
    const line = { reference: action.reference, title: action.title };
    const was = earlier.get(keyOf(action));
    if (!was) {
      comparison.added.push(line);
      continue;
    }
    const [from, to] = [RANK[was.rating.status], RANK[action.rating.status]];
    if (from !== undefined && to !== undefined && from !== to) {
      const move = { ...line, from: ratingOf(was), to: ratingOf(action) };
      (to < from ? comparison.better : comparison.worse).push(move);
    }
    if (action.rating.status === 'overdue' && was.rating.status !== 'overdue') comparison.newlyOverdue.push(line);
    if (action.state === ACTION_STATES.completed && was.state !== ACTION_STATES.completed) comparison.completed.push(line);
    if (action.state === ACTION_STATES.cancelled && was.state !== ACTION_STATES.cancelled) comparison.cancelled.push(line);
    if (action.dueOn !== was.dueOn)
      comparison.dueDatesMoved.push({ ...line, from: was.dueOn, to: action.dueOn, times: action.dueDateMoves ?? null });
  }
  // A snapshot taken before measures were frozen with the plan knows none of their figures: nothing to compare with.
  if (before.areas.some((area) => area.measures !== undefined)) comparison.measures = measureMoves(before, after);
  return comparison;
}

/** Each measure with a figure now, beside its latest figure at the earlier snapshot: whether things are better for children. */
function measureMoves(before: ComparedPlan, after: ComparedPlan): MeasureMove[] {
  const earlier = new Map(before.areas.flatMap((area) => area.measures ?? []).map((measure) => [measure.id, measure.rating.latest]));
  return after.areas.flatMap((area) =>
    (area.measures ?? []).flatMap((measure): MeasureMove[] => {
      const to = measure.rating.latest;
      if (!to) return [];
      const from = earlier.get(measure.id) ?? null;
      const better = from && from.value !== to.value ? to.value > from.value === (measure.direction === 'higher') : null;
      return [
        {
          area: area.reference ?? '',
          name: measure.name,
          unit: measure.unit,
          from: from ? { period: from.period, value: from.value } : null,
          to: { period: to.period, value: to.value },
          better,
          target: measure.target,
          rating: { label: measure.rating.label },
        },
      ];
    }),
  );
}

/** True when nothing in the comparison changed. */
export function unchanged(comparison: PlanComparison): boolean {
  const { measures = [], ...actions } = comparison;
  return (
    Object.values(actions).every((lines: unknown[]) => lines.length === 0) &&
    measures.every((move) => move.better === null && move.from?.period === move.to.period)
  );
}

const actionsOf = (model: ComparedPlan): ComparedAction[] => model.areas.flatMap((area) => area.actions);
const keyOf = (action: ComparedAction) => action.id ?? `ref:${action.reference}`;
const ratingOf = (action: ComparedAction) => ({ status: action.rating.status, label: action.rating.label });
