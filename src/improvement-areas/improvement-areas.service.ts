import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { improvementAreaWorkflow, type ImprovementAreaFacts } from '../../workflows/improvement-area.machine.js';
import { Action } from '../actions/action.entity.js';
import type { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { findRowById } from '../database/prepared-rows.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { RagService } from '../rag/rag.service.js';
import { ReminderPlanner } from '../reminders/reminder-planner.service.js';
import type { Person } from '../users/user.entity.js';
import { peopleById, personView } from '../users/people.js';
import { UsersService } from '../users/users.service.js';
import { saveVersioned } from '../moves/versioned-update.js';
import type { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { WorkflowRunner, type WorkflowSubject } from '../moves/workflow-runner.service.js';
import type { CreateImprovementAreaDto, UpdateImprovementAreaDto } from './improvement-area.dto.js';
import { ImprovementArea } from './improvement-area.entity.js';

export interface AreaReadiness {
  /** Actions with an owner and a due date, not cancelled. */
  ready: number;
  /** Actions neither completed nor cancelled. */
  open: number;
}

@Injectable()
export class ImprovementAreasService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly rag: RagService,
    private readonly reminders: ReminderPlanner,
    private readonly runner: WorkflowRunner,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  create(inspectionId: string, dto: CreateImprovementAreaDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => this.view(manager, await this.createWith(manager, inspectionId, dto, actor)));
  }

  /** Adds an area inside the caller's transaction, so an import can create a whole plan in one. */
  async createWith(manager: EntityManager, inspectionId: string, dto: CreateImprovementAreaDto, actor: Person): Promise<ImprovementArea> {
    // Locked, so that the plan cannot be submitted between this check and this area's commit.
    if (!(await findRowById(manager, Inspection, inspectionId, { forUpdate: true }))) throw new NotFoundError('inspection', inspectionId);
    const leadOfficer = dto.leadOfficer ? await this.users.resolve(manager, dto.leadOfficer) : null;
    const position = ((await manager.maximum(ImprovementArea, 'position', { inspectionId })) ?? 0) + 1;
    const area = manager.create(ImprovementArea, {
      id: randomUUID(),
      inspectionId,
      position,
      title: dto.title.trim(),
      description: dto.description?.trim() || null,
      timeframe: dto.timeframe?.trim() || null,
      leadOfficerId: leadOfficer?.id ?? null,
      createdAt: this.clock.now().toISOString(),
      ...this.runner.initialColumns(improvementAreaWorkflow),
    });
    await manager.insert(ImprovementArea, area);
    await this.audit.record(manager, {
      entityType: 'improvement_area',
      entityId: area.id,
      inspectionId,
      event: 'CREATED',
      toState: area.state,
      actor,
    });
    return area;
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => this.view(manager, await this.find(manager, id)));
  }

  update(id: string, dto: UpdateImprovementAreaDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await this.find(manager, id);
      const leadOfficer = dto.leadOfficer ? await this.users.resolve(manager, dto.leadOfficer) : undefined;
      const details = await saveVersioned(
        manager,
        ImprovementArea,
        area,
        dto.version,
        {
          title: dto.title?.trim(),
          description: dto.description?.trim(),
          timeframe: dto.timeframe?.trim(),
          leadOfficerId: leadOfficer?.id,
        },
        'improvement area',
      );
      if (Object.keys(details).length > 0) {
        await this.audit.record(manager, {
          entityType: 'improvement_area',
          entityId: id,
          inspectionId: area.inspectionId,
          event: 'UPDATED',
          actor,
          details,
        });
      }
      // A new lead is the one asked for an update before the next scrutiny review.
      if (details.leadOfficerId) await this.reminders.planForNextReview(manager, area.inspectionId);
      return this.view(manager, area);
    });
  }

  applyEvent(id: string, dto: WorkflowEventDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await this.find(manager, id, { forUpdate: true });
      const inspection = await manager.findOneByOrFail(Inspection, { id: area.inspectionId });
      const readiness = await this.readiness(manager, [area.id]);
      await this.runner.apply(manager, this.subject(area), {
        event: { type: dto.type, ...this.facts(inspection, readiness.get(area.id)) },
        actor,
        comment: dto.comment,
        expectedVersion: dto.version,
      });
      return this.view(manager, area);
    });
  }

  /** Moves one area inside the caller's transaction, with the facts its guards read (a scrutiny review moves several at once). */
  async applyWith(
    manager: EntityManager,
    area: ImprovementArea,
    inspection: Inspection,
    type: string,
    actor: Person,
    comment: string,
  ): Promise<void> {
    const readiness = await this.readiness(manager, [area.id]);
    await this.runner.apply(manager, this.subject(area), {
      event: { type, ...this.facts(inspection, readiness.get(area.id)) },
      actor,
      comment,
    });
  }

  /** The area's next steps with, for each, why it cannot be taken yet (if it cannot): for the area page. Moves nothing. */
  eventChecks(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const area = await this.find(manager, id);
      const inspection = await manager.findOneByOrFail(Inspection, { id: area.inspectionId });
      const readiness = await this.readiness(manager, [area.id]);
      return this.runner.eventChecks(this.subject(area), { ...this.facts(inspection, readiness.get(area.id)) });
    });
  }

  /** Submits each draft area of a plan as part of the plan's own submission, in the caller's transaction. */
  async submitWithPlan(manager: EntityManager, inspection: Inspection, areas: ImprovementArea[], actor: Person): Promise<void> {
    const readiness = await this.readiness(
      manager,
      areas.map((area) => area.id),
    );
    for (const area of areas.filter((candidate) => candidate.state === 'draft')) {
      await this.runner.apply(manager, this.subject(area), {
        event: { type: 'SUBMIT', ...this.facts(inspection, readiness.get(area.id)) },
        actor,
        comment: 'Submitted to Ofsted with the action plan.',
      });
    }
  }

  history(id: string): Promise<AuditEvent[]> {
    return this.unitOfWork.read(async (manager) => {
      const area = await this.find(manager, id);
      const actions = await manager.find(Action, { select: { id: true }, where: { areaId: id } });
      return this.audit.history(manager, [area.id, ...actions.map((action) => action.id)]);
    });
  }

  /** How ready each area is, counted in the database rather than by loading every action. */
  async readiness(manager: EntityManager, areaIds: string[]): Promise<Map<string, AreaReadiness>> {
    if (areaIds.length === 0) return new Map();
    const rows = await manager
      .createQueryBuilder(Action, 'action')
      .select('action.areaId', 'areaId')
      .addSelect(
        "SUM(CASE WHEN action.ownerId IS NOT NULL AND action.dueOn IS NOT NULL AND action.state <> 'cancelled' THEN 1 ELSE 0 END)",
        'ready',
      )
      .addSelect("SUM(CASE WHEN action.state NOT IN ('completed', 'cancelled') THEN 1 ELSE 0 END)", 'open')
      .where({ areaId: In(areaIds) })
      .groupBy('action.areaId')
      .getRawMany<{ areaId: string; ready: string | number; open: string | number }>();
    return new Map(rows.map((row) => [row.areaId, { ready: Number(row.ready), open: Number(row.open) }]));
  }

  /** `forUpdate` locks the area (see findRowById) where a change depends on its actions or adds one. */
  async find(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<ImprovementArea> {
    const area = await findRowById(manager, ImprovementArea, id, { forUpdate });
    if (!area) throw new NotFoundError('improvement area', id);
    return area;
  }

  private facts(inspection: Inspection, readiness: AreaReadiness = { ready: 0, open: 0 }): ImprovementAreaFacts {
    return { actionsReady: readiness.ready, actionsOpen: readiness.open, planDueOn: inspection.actionPlanDueOn, today: this.clock.today() };
  }

  private subject(area: ImprovementArea): WorkflowSubject<ImprovementArea> {
    return {
      record: area,
      entity: ImprovementArea,
      entityType: 'improvement_area',
      inspectionId: area.inspectionId,
      workflow: improvementAreaWorkflow,
    };
  }

  private async view(manager: EntityManager, area: ImprovementArea) {
    const actions = await manager.find(Action, { where: { areaId: area.id }, order: { position: 'ASC' } });
    const people = await peopleById(manager, [area.leadOfficerId, ...actions.map((action) => action.ownerId)]);
    const context = area.snapshot.context as { submittedOn: string | null; submittedLate: boolean; reviewsHeld: number };
    const rated = await this.rag.rateActions(manager, actions);
    const reference = (action: Action) => `${area.position}.${action.position}`;
    return {
      id: area.id,
      inspectionId: area.inspectionId,
      reference: String(area.position),
      title: area.title,
      description: area.description,
      timeframe: area.timeframe,
      leadOfficer: personView(people, area.leadOfficerId),
      state: area.state,
      acceptedEvents: this.runner.acceptedEvents(this.subject(area)),
      submittedOn: context.submittedOn,
      submittedLate: context.submittedLate,
      reviewsHeld: context.reviewsHeld,
      rating: this.rag.rateArea(actions.map((action) => ({ reference: reference(action), rating: rated.get(action.id)!.rating }))),
      version: area.version,
      actions: actions.map((action) => ({
        id: action.id,
        reference: reference(action),
        title: action.title,
        owner: personView(people, action.ownerId),
        dueOn: action.dueOn,
        state: action.state,
        rag: action.rag,
        ragReason: action.ragReason,
        rating: rated.get(action.id)!.rating,
      })),
    };
  }
}
