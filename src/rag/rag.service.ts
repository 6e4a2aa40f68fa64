import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import { ProgressUpdate } from '../actions/progress-update.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { findRows } from '../database/prepared-rows.js';
import { Policy } from '../config/policy.js';
import { rateAction, rateArea, type AreaRagRating, type RagRating } from './rag-rules.js';

/** The order progress updates are read in: the first of an action's is its latest. */
export const NEWEST_FIRST: Array<[keyof ProgressUpdate, 'DESC']> = [
  ['reportedOn', 'DESC'],
  ['createdAt', 'DESC'],
];

/** Each action's latest progress update and how many times its due date has moved. */
export interface RatingFacts {
  latest: Map<string, ProgressUpdate>;
  dueDateMoves: Map<string, number>;
}

export interface RatedAction {
  rating: RagRating;
  /** The latest progress update's text and percentage, for the reports. */
  latestUpdate: { text: string; percentComplete: number; reportedOn: string } | null;
}

/** Gathers what the RAG rules read (latest updates, moved dates, working days) and rates actions and areas as of today. */
@Injectable()
export class RagService {
  constructor(
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly policy: Policy,
  ) {}

  /** Two queries for any number of actions: what `rate` needs besides the actions themselves. */
  async ratingFacts(manager: EntityManager, actionIds: string[], progressUpdates?: ProgressUpdate[]): Promise<RatingFacts> {
    if (actionIds.length === 0) return { latest: new Map(), dueDateMoves: new Map() };
    // Newest first, unless the caller has read them already.
    const updates = progressUpdates ?? (await findRows(manager, ProgressUpdate, { actionId: actionIds }, NEWEST_FIRST));
    const latest = new Map<string, ProgressUpdate>();
    for (const update of updates) if (!latest.has(update.actionId)) latest.set(update.actionId, update);
    const changes = await findRows(manager, AuditEvent, { entityId: actionIds, event: ['UPDATED', 'REASSIGNED'] });
    const dueDateMoves = new Map<string, number>();
    for (const change of changes) {
      const dueOn = change.details?.dueOn;
      // Setting a first date is not moving one.
      if (dueOn && typeof dueOn === 'object' && dueOn.from !== null) dueDateMoves.set(change.entityId, (dueDateMoves.get(change.entityId) ?? 0) + 1);
    }
    return { latest, dueDateMoves };
  }

  /** Rates actions as they stand now, from facts read by `ratingFacts` (before or after a move: a move changes none of them). */
  rate(actions: Action[], facts: RatingFacts): Map<string, RatedAction> {
    const today = this.clock.today();
    return new Map(
      actions.map((action) => {
        const update = facts.latest.get(action.id);
        const rating = rateAction(
          {
            state: action.state,
            dueOn: action.dueOn,
            workingDaysToDue: action.dueOn ? this.calendar.workingDaysBetween(today, action.dueOn) : null,
            percentComplete: update?.percentComplete ?? null,
            dueDateMoves: facts.dueDateMoves.get(action.id) ?? 0,
            ownerRag: action.rag,
            ownerRagReason: action.ragReason,
          },
          this.policy.rag,
        );
        const latestUpdate = update ? { text: update.text, percentComplete: update.percentComplete, reportedOn: update.reportedOn } : null;
        return [action.id, { rating, latestUpdate }];
      }),
    );
  }

  async rateActions(manager: EntityManager, actions: Action[]): Promise<Map<string, RatedAction>> {
    return this.rate(actions, await this.ratingFacts(manager, actions.map((action) => action.id)));
  }

  rateArea(actions: Array<{ reference: string; rating: RagRating }>): AreaRagRating {
    return rateArea(actions, this.policy.rag);
  }
}
