import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityTarget } from 'typeorm';
import {
  acceptedEvents,
  startWorkflow,
  stepWorkflow,
  type EventSource,
  type PersistedWorkflow,
  type StepResult,
  type Workflow,
  type WorkflowContext,
} from '../../workflows/workflow.js';
import type { AuditDetails, PlanEntity } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { IsoDate } from '../common/dates.js';
import { EventRejectedError, StaleVersionError } from '../common/errors.js';
import { updateRowVersioned } from '../database/prepared-rows.js';
import type { Person } from '../users/user.entity.js';
import type { WorkflowRecord } from './workflow-record.js';

type AnyRecord = WorkflowRecord<string, object>;

export interface WorkflowSubject<T extends AnyRecord> {
  record: T;
  entity: EntityTarget<T>;
  entityType: PlanEntity;
  inspectionId: string;
  workflow: Workflow;
}

/** A person's (or the service's) request to move a record: what to do, and why. */
export interface MoveRequest {
  type: string;
  actor: Person;
  comment?: string | null;
  /** The version the caller last saw; omitted only when the server itself drives a change within a larger one. */
  expectedVersion?: number;
  /** Defaults to a person: the service's own events are refused from anyone else. */
  source?: EventSource;
  /** The day it actually happened, for the steps that record one (the use case checks it); today when not given. */
  happenedOn?: IsoDate;
}

/** One event a record could take now, and why a condition would refuse it (none when it would go ahead). */
export interface EventCheck {
  event: string;
  reasons: string[];
}

/** A move the machine accepts, worked out and not yet saved. */
export type Move = Extract<StepResult, { outcome: 'moved' }>;

const LABELS: Record<PlanEntity, string> = { action: 'action', improvement_area: 'improvement area', inspection: 'action plan' };

/**
 * Moves persisted workflows: step (pure), then save the snapshot and its audit entry in the caller's
 * transaction. The guards read facts the caller gathered; each workflow's use case (MovePlan, MoveArea,
 * MoveAction) gathers them and runs the move's follow-ups.
 */
@Injectable()
export class WorkflowRunner {
  constructor(private readonly audit: AuditTrailService) {}

  initialColumns<T extends AnyRecord>(workflow: Workflow): Pick<T, 'state' | 'snapshot' | 'workflowVersion'> {
    const snapshot = startWorkflow(workflow);
    return { state: snapshot.value, snapshot, workflowVersion: workflow.version };
  }

  acceptedEvents(subject: Pick<WorkflowSubject<AnyRecord>, 'record' | 'workflow'>): string[] {
    return acceptedEvents(subject.workflow, subject.record.state);
  }

  /** Each event a person may send now, with the reasons a condition would refuse it. Moves nothing. */
  eventChecks(subject: Pick<WorkflowSubject<AnyRecord>, 'record' | 'workflow'>, facts: object): EventCheck[] {
    return this.acceptedEvents(subject).map((type) => {
      const result = stepWorkflow(subject.workflow, persisted(subject.record), { type, ...facts });
      return { event: type, reasons: result.outcome === 'refused' ? result.reasons : [] };
    });
  }

  /** Steps and saves in one go, the guards reading `facts`. */
  async apply<T extends AnyRecord>(
    manager: EntityManager,
    subject: WorkflowSubject<T>,
    facts: object,
    request: MoveRequest,
  ): Promise<Move> {
    const move = this.step(subject, facts, request);
    await this.save(manager, subject, request, move);
    return move;
  }

  /** Works out the move without touching the database: 409 when the version is stale or the event is refused. */
  step<T extends AnyRecord>(subject: WorkflowSubject<T>, facts: object, request: MoveRequest): Move {
    const { record, workflow } = subject;
    const label = LABELS[subject.entityType];
    if (request.expectedVersion !== undefined && request.expectedVersion !== record.version) {
      throw new StaleVersionError(label, request.expectedVersion, record.version);
    }
    if (record.workflowVersion !== workflow.version) {
      throw new Error(
        `${label} ${record.id} was saved by workflow version ${record.workflowVersion}; this server runs version ${workflow.version} and has no migration for it.`,
      );
    }

    const result = stepWorkflow(workflow, persisted(record), { type: request.type, ...facts }, request.source);
    if (result.outcome === 'not_accepted') throw new EventRejectedError(label, result.state, request.type, result.accepted, []);
    if (result.outcome === 'refused') throw new EventRejectedError(label, result.state, request.type, result.accepted, result.reasons);
    return result;
  }

  /**
   * Records the move in the audit trail and writes it, in the caller's transaction. The audit entry
   * goes first: the versioned update takes the locks other writers wait for (on PostgreSQL, the
   * area's dashboard counts), so it comes last and they are held only until the commit.
   */
  async save<T extends AnyRecord>(manager: EntityManager, subject: WorkflowSubject<T>, request: MoveRequest, move: Move): Promise<void> {
    const { record } = subject;
    await this.audit.record(manager, {
      entityType: subject.entityType,
      entityId: record.id,
      inspectionId: subject.inspectionId,
      event: request.type,
      fromState: move.from,
      toState: move.to,
      actor: request.actor,
      comment: request.comment,
      details: changedContext(persisted(record).context, move.persisted.context),
    });
    const written = await updateRowVersioned(manager, subject.entity, record, { state: move.to, snapshot: move.persisted } as Partial<T>);
    if (!written) throw new StaleVersionError(LABELS[subject.entityType], record.version, record.version + 1);
    Object.assign(record, { state: move.to, snapshot: move.persisted, version: record.version + 1 });
  }
}

/** The record's snapshot as the machines take it: its context typed by its own machine, stored as plain facts. */
function persisted(record: AnyRecord): PersistedWorkflow {
  return record.snapshot as PersistedWorkflow<WorkflowContext>;
}

/** What the transition recorded besides the state, e.g. { submittedLate: true }, for the audit entry. */
function changedContext(before: Record<string, unknown>, after: Record<string, unknown>): AuditDetails {
  return Object.fromEntries(
    Object.entries(after).filter(([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value)),
  ) as AuditDetails;
}
