import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import { ProgressUpdate } from '../actions/progress-update.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { Policy } from '../config/policy.js';
import { rateAction, rateArea, type AreaRagRating, type RagRating } from './rag-rules.js';

/** The order progress updates are read in: the first of an action's is its latest. */
export const NEWEST_FIRST = { reportedOn: 'DESC', createdAt: 'DESC' } as const;

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

  /**
   * Two queries for any number of actions: their progress updates (unless the caller has read them,
   * newest first) and their due-date changes.
   */
  async rateActions(manager: EntityManager, actions: Action[], progressUpdates?: ProgressUpdate[]): Promise<Map<string, RatedAction>> {
    if (actions.length === 0) return new Map();
    const ids = actions.map((action) => action.id);
    const updates = progressUpdates ?? (await manager.find(ProgressUpdate, { where: { actionId: In(ids) }, order: NEWEST_FIRST }));
    const latest = new Map<string, ProgressUpdate>();
    for (const update of updates) if (!latest.has(update.actionId)) latest.set(update.actionId, update);
    const changes = await manager.find(AuditEvent, { select: { entityId: true, details: true }, where: { entityId: In(ids), event: In(['UPDATED', 'REASSIGNED']) } });
    const moves = new Map<string, number>();
    for (const change of changes) {
      const dueOn = change.details?.dueOn;
      // Setting a first date is not moving one.
      if (dueOn && typeof dueOn === 'object' && dueOn.from !== null) moves.set(change.entityId, (moves.get(change.entityId) ?? 0) + 1);
    }
    const today = this.clock.today();
    return new Map(
      actions.map((action) => {
        const update = latest.get(action.id);
        const rating = rateAction(
          {
            state: action.state,
            dueOn: action.dueOn,
            workingDaysToDue: action.dueOn ? this.calendar.workingDaysBetween(today, action.dueOn) : null,
            percentComplete: update?.percentComplete ?? null,
            dueDateMoves: moves.get(action.id) ?? 0,
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

  rateArea(actions: Array<{ reference: string; rating: RagRating }>): AreaRagRating {
    return rateArea(actions, this.policy.rag);
  }
}
