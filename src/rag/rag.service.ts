import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import { actionRepository } from '../actions/action.repository.js';
import type { ProgressUpdate } from '../actions/progress-update.entity.js';
import type { Measure } from '../measures/measure.entity.js';
import { measureFacts, rateMeasure, type MeasureRating, type Period } from '../measures/measure-rating.js';
import { measureRepository } from '../measures/measure.repository.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { Clock } from '../common/clock.js';
import { Policy } from '../config/policy.js';
import { rateAction, rateArea, type AreaMeasure, type AreaRagRating, type RagRating } from './rag-rules.js';

/**
 * Each action's latest progress update, and why each blocked, completed or cancelled one is so: what the RAG rules read
 * besides the action itself.
 */
export interface RatingFacts {
  latest: Map<string, ProgressUpdate>;
  stateReasons: ReadonlyMap<string, string>;
}

export interface RatedAction {
  rating: RagRating;
  /** The latest progress update's text and percentage, and what is being done if it slips, for the reports. */
  latestUpdate: {
    text: string;
    percentComplete: number;
    reportedOn: string;
    mitigation: string | null;
    revisedDueOn: string | null;
  } | null;
}

export interface RatedMeasure {
  measure: Measure;
  /** Oldest first. */
  values: Array<{ period: Period; value: number }>;
  rating: MeasureRating;
}

/** Gathers what the RAG rules read (latest updates, working days) and rates actions and areas as of today. */
@Injectable()
export class RagService {
  constructor(
    private readonly workingDays: WorkingDays,
    private readonly clock: Clock,
    private readonly policy: Policy,
  ) {}

  /** What the rules read from the actions' progress updates (given newest first, as actionRepository reads them). */
  ratingFacts(updates: readonly ProgressUpdate[], stateReasons: ReadonlyMap<string, string>): RatingFacts {
    const latest = new Map<string, ProgressUpdate>();
    for (const update of updates) if (!latest.has(update.actionId)) latest.set(update.actionId, update);
    return { latest, stateReasons };
  }

  /**
   * What the rules read of these actions, in two queries whatever their number. `statusOnly` leaves out why each is
   * blocked, completed or cancelled, which changes a rating's words but never its status: for counts, where a plan's
   * whole audit trail of finished actions would be read for nothing.
   */
  async factsOf(manager: EntityManager, actions: readonly Action[], { statusOnly = false } = {}): Promise<RatingFacts> {
    const ids = actions.map((action) => action.id);
    const reasons = statusOnly ? new Map<string, string>() : await actionRepository.stateReasons(manager, actions);
    return this.ratingFacts(await actionRepository.progressUpdates(manager, ids), reasons);
  }

  /** Rates actions as they stand now, from facts read by `ratingFacts` (a move changes none of them but why the action is in its state). */
  rate(actions: Action[], facts: RatingFacts): Map<string, RatedAction> {
    const today = this.clock.today();
    return new Map(
      actions.map((action) => {
        const update = facts.latest.get(action.id);
        const rating = rateAction(
          {
            state: action.state,
            dueOn: action.dueOn,
            workingDaysToDue: action.dueOn ? this.workingDays.workingDaysBetween(today, action.dueOn) : null,
            percentComplete: update?.percentComplete ?? null,
            dueDateMoves: action.dueDateMoves,
            ownerRag: action.rag,
            ownerRagReason: action.ragReason,
            stateReason: facts.stateReasons.get(action.id) ?? null,
            revised: update?.revisedDueOn ? { on: update.revisedDueOn, passed: update.revisedDueOn < today } : null,
          },
          this.policy.rag,
        );
        const latestUpdate = update
          ? {
              text: update.text,
              percentComplete: update.percentComplete,
              reportedOn: update.reportedOn,
              mitigation: update.mitigation,
              revisedDueOn: update.revisedDueOn,
            }
          : null;
        return [action.id, { rating, latestUpdate }];
      }),
    );
  }

  /** Rates actions with one query for their progress updates, whatever their number (`statusOnly`: see factsOf). */
  async rateActions(manager: EntityManager, actions: Action[], options: { statusOnly?: boolean } = {}): Promise<Map<string, RatedAction>> {
    return this.rate(actions, await this.factsOf(manager, actions, options));
  }

  /**
   * Each area's measures with their values (oldest first) and their ratings as of today, in two queries
   * whatever the number of areas: what an area's rating reads besides its actions.
   */
  async rateMeasures(manager: EntityManager, areaIds: readonly string[]): Promise<RatedMeasure[]> {
    const measures = await measureRepository.ofAreas(manager, areaIds);
    const values = await measureRepository.valuesOf(
      manager,
      measures.map((measure) => measure.id),
    );
    const today = this.clock.today();
    return measures.map((measure) => {
      const own = values
        .filter((value) => value.measureId === measure.id)
        .map((value) => ({ period: value.period, value: value.value }))
        .reverse();
      return { measure, values: own, rating: rateMeasure(measureFacts(measure), own, today, this.policy.measures) };
    });
  }

  rateArea(actions: Array<{ reference: string; rating: RagRating }>, measures: readonly AreaMeasure[]): AreaRagRating {
    return rateArea(actions, this.policy.rag, measures);
  }
}
