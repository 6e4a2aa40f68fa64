import { Injectable } from '@nestjs/common';
import { In, MoreThan, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { insertRow } from '../database/prepared-rows.js';
import type { ApiTokenUse } from '../common/actor.js';
import type { Person } from '../users/user.entity.js';
import { AuditEvent, type AuditDetails, type AuditedEntity } from './audit-event.entity.js';

export interface AuditEntry {
  entityType: AuditedEntity;
  entityId: string;
  inspectionId: string | null;
  event: string;
  fromState?: string | null;
  toState?: string | null;
  /** Whoever made the change, with the API token they made it through (a signed-in user carries it). */
  actor: Person & { apiToken?: ApiTokenUse | null };
  comment?: string | null;
  details?: AuditDetails | null;
}

@Injectable()
export class AuditTrailService {
  constructor(private readonly clock: Clock) {}

  /** Call inside the transaction that makes the change, so the change and its record stand or fall together. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await insertRow(manager, AuditEvent, {
      entityType: entry.entityType,
      entityId: entry.entityId,
      inspectionId: entry.inspectionId,
      event: entry.event,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      actorId: entry.actor.id,
      actorName: entry.actor.name,
      actorEmail: entry.actor.email,
      apiTokenId: entry.actor.apiToken?.id ?? null,
      apiTokenIssuedById: entry.actor.apiToken?.issuedById ?? null,
      at: this.clock.now().toISOString(),
      comment: entry.comment?.trim() || null,
      details: entry.details && Object.keys(entry.details).length > 0 ? entry.details : null,
    });
  }

  /** What happened to a plan's areas and actions after a moment, oldest first. */
  partsOfPlanSince(manager: EntityManager, inspectionId: string, since: string): Promise<AuditEvent[]> {
    return manager.find(AuditEvent, {
      where: { inspectionId, at: MoreThan(since), entityType: In(['action', 'improvement_area']) },
      order: { id: 'ASC' },
    });
  }

  /** The id of the plan's latest audit entry (0 for none): its version, which any change to it moves. */
  async latestIdOfPlan(manager: EntityManager, inspectionId: string): Promise<number> {
    return (await manager.maximum(AuditEvent, 'id', { inspectionId })) ?? 0;
  }

  /** The latest change to anyone's account: names and email addresses appear in every plan's documents. */
  async latestAccountChange(manager: EntityManager): Promise<number> {
    return (await manager.maximum(AuditEvent, 'id', { entityType: 'user' })) ?? 0;
  }

  /**
   * How many entries the plan has, and how many changes to accounts there have been: unlike the latest ids,
   * these move when an entry commits below an id a reader has already seen (KeptByPlanVersion).
   */
  async entryCounts(manager: EntityManager, inspectionId: string): Promise<string> {
    const [plan, accounts] = [
      await manager.count(AuditEvent, { where: { inspectionId } }),
      await manager.count(AuditEvent, { where: { entityType: 'user' } }),
    ];
    return `${plan} ${accounts}`;
  }

  /** When each of a plan's actions was last marked completed: what a burn-up counts. */
  async completionsInPlan(manager: EntityManager, inspectionId: string): Promise<Map<string, string>> {
    const events = await manager.find(AuditEvent, {
      select: { entityId: true, at: true },
      where: { inspectionId, entityType: 'action', event: 'COMPLETE' },
      order: { id: 'ASC' },
    });
    return new Map(events.map((event) => [event.entityId, event.at]));
  }

  /** When an event was last recorded on a record: the instant, to the millisecond, not only the day. */
  async lastRecorded(manager: EntityManager, entityId: string, event: string): Promise<string | null> {
    const found = await manager.findOne(AuditEvent, { where: { entityId, event }, order: { id: 'DESC' } });
    return found?.at ?? null;
  }

  /** What was recorded about one record after the entry with this id, oldest first: what changed since someone read it. */
  after(manager: EntityManager, entityId: string, afterId: number): Promise<AuditEvent[]> {
    return manager.find(AuditEvent, { where: { entityId, id: MoreThan(afterId) }, order: { id: 'ASC' } });
  }

  /** The id of the latest entry about a record (0 for none), for a form to say when it was read. */
  async latestId(manager: EntityManager, entityId: string): Promise<number> {
    return (await manager.maximum(AuditEvent, 'id', { entityId })) ?? 0;
  }

  /** Oldest first, as a history reads. */
  history(manager: EntityManager, entityIds: string[]): Promise<AuditEvent[]> {
    return manager.find(AuditEvent, { where: { entityId: In(entityIds) }, order: { id: 'ASC' } });
  }
}
