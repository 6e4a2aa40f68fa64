import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { planSent } from '../../workflows/action-plan.machine.js';
import { IMPROVEMENT_AREA_STATES, improvementAreaWorkflow } from '../../workflows/improvement-area.machine.js';
import { actionRepository } from '../actions/action.repository.js';
import type { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Policy } from '../config/policy.js';
import { ForbiddenError, NotFoundError } from '../common/errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { FollowUps } from '../moves/follow-ups.js';
import { saveVersioned } from '../moves/versioned-update.js';
import type { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { WorkflowRunner } from '../moves/workflow-runner.js';
import { RagService } from '../rag/rag.service.js';
import { peopleById, personView } from '../users/people.js';
import type { Person } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type {} from './area.changes.js';
import { areaRepository } from './area.repository.js';
import type { AreaNarrativeDto, CreateImprovementAreaDto, UpdateImprovementAreaDto } from './improvement-area.dto.js';
import { ImprovementArea } from './improvement-area.entity.js';
import { mayNarrate } from './lead-officer-rule.js';
import { MoveArea } from './move-area.js';
import { dueAfterArea, timeframeDueOn } from './timeframes.js';

@Injectable()
export class ImprovementAreasService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly moveArea: MoveArea,
    private readonly policy: Policy,
    private readonly rag: RagService,
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
    if (!(await inspectionRepository.byId(manager, inspectionId, { forUpdate: true }))) throw new NotFoundError('inspection', inspectionId);
    const leadOfficer = dto.leadOfficer ? await this.users.resolve(manager, dto.leadOfficer) : null;
    const area = manager.create(ImprovementArea, {
      id: randomUUID(),
      inspectionId,
      position: await areaRepository.nextPosition(manager, inspectionId),
      title: dto.title.trim(),
      description: dto.description?.trim() || null,
      timeframe: dto.timeframe?.trim() || null,
      leadOfficerId: leadOfficer?.id ?? null,
      createdAt: this.clock.now().toISOString(),
      ...this.runner.initialColumns<ImprovementArea>(improvementAreaWorkflow),
    });
    await areaRepository.insert(manager, area);
    await this.audit.record(manager, {
      entityType: 'improvement_area',
      entityId: area.id,
      inspectionId,
      event: 'CREATED',
      toState: area.state,
      actor,
    });
    await this.followUps.publish(manager, 'area:written', { record: area, created: true, changed: Object.keys(area), actor });
    return area;
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => this.view(manager, await this.find(manager, id)));
  }

  update(id: string, dto: UpdateImprovementAreaDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await this.find(manager, id);
      const leadOfficer = dto.leadOfficer ? await this.users.resolve(manager, dto.leadOfficer) : undefined;
      const previousLead = area.leadOfficerId ? (await peopleById(manager, [area.leadOfficerId])).get(area.leadOfficerId) : undefined;
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
        await this.followUps.publish(manager, 'area:written', { record: area, created: false, changed: Object.keys(details), actor });
        // Ids mean nothing to a reader of the history: name the people instead.
        if (details.leadOfficerId) details.leadOfficerId = { from: previousLead?.email ?? null, to: leadOfficer!.email };
        await this.audit.record(manager, {
          entityType: 'improvement_area',
          entityId: id,
          inspectionId: area.inspectionId,
          event: 'UPDATED',
          actor,
          details,
        });
      }
      return this.view(manager, area);
    });
  }

  /** The lead officer's summary of progress: who wrote it and when are kept with it, and the change is audited from and to. */
  writeNarrative(id: string, dto: AreaNarrativeDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await this.find(manager, id);
      const lead = area.leadOfficerId ? (await peopleById(manager, [area.leadOfficerId])).get(area.leadOfficerId)! : null;
      if (!mayNarrate(actor, lead)) {
        throw new ForbiddenError(
          `Area ${area.position} is not yours: only its lead officer, or someone who may edit improvement areas, writes its summary.`,
        );
      }
      const narrative = dto.narrative.trim();
      // The same words (a browser sends its line ends as \r\n) on a later day confirm them as still true, for the next
      // review, keeping who wrote them and when; the same day, they change nothing. The version is checked either way.
      const today = this.clock.today();
      const unchanged = area.narrative !== null && narrative.replaceAll('\r\n', '\n') === area.narrative.replaceAll('\r\n', '\n');
      const changes = !unchanged
        ? { narrative, narrativeUpdatedOn: today, narrativeById: actor.id, narrativeConfirmedOn: null, narrativeConfirmedById: null }
        : (area.narrativeConfirmedOn ?? area.narrativeUpdatedOn) === today
          ? {}
          : { narrativeConfirmedOn: today, narrativeConfirmedById: actor.id };
      const details = await saveVersioned(manager, ImprovementArea, area, dto.version, changes, 'improvement area');
      if (details.narrative || details.narrativeConfirmedOn) {
        await this.audit.record(manager, {
          entityType: 'improvement_area',
          entityId: id,
          inspectionId: area.inspectionId,
          event: details.narrative ? 'NARRATIVE_WRITTEN' : 'NARRATIVE_CONFIRMED',
          actor,
          details: details.narrative ? { narrative: details.narrative } : { narrativeConfirmedOn: details.narrativeConfirmedOn },
        });
      }
      return this.view(manager, area);
    });
  }

  applyEvent(id: string, dto: WorkflowEventDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await this.find(manager, id, { forUpdate: true });
      await this.moveArea.apply(manager, area, { type: dto.type, actor, comment: dto.comment, expectedVersion: dto.version });
      return this.view(manager, area);
    });
  }

  /**
   * Starts delivery on every area of the plan waiting for it, in one transaction, each move in the audit trail as if
   * started from its own page: what a deputy director does once the plan is sent and work begins. Answers how many.
   */
  startDeliveryOfPlan(inspectionId: string, actor: SignedInUser): Promise<number> {
    return this.unitOfWork.write(async (manager) => {
      let started = 0;
      for (const { id } of await areaRepository.ofPlan(manager, inspectionId)) {
        const area = await this.find(manager, id, { forUpdate: true });
        if (area.state !== IMPROVEMENT_AREA_STATES.submitted) continue;
        await this.moveArea.apply(manager, area, { type: 'START_DELIVERY', actor });
        started += 1;
      }
      return started;
    });
  }

  /** The area's next steps with, for each, why it cannot be taken yet (if it cannot): for the area page. Moves nothing. */
  eventChecks(id: string) {
    return this.unitOfWork.read(async (manager) => this.moveArea.checks(manager, await this.find(manager, id)));
  }

  history(id: string): Promise<AuditEvent[]> {
    return this.unitOfWork.read(async (manager) => {
      const area = await this.find(manager, id);
      return this.audit.history(manager, [area.id, ...(await actionRepository.idsInArea(manager, id))]);
    });
  }

  /** `forUpdate` locks the area (see areaRepository.byId) where a change depends on its actions or adds one. */
  async find(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<ImprovementArea> {
    const area = await areaRepository.byId(manager, id, { forUpdate });
    if (!area) throw new NotFoundError('improvement area', id);
    return area;
  }

  private async view(manager: EntityManager, area: ImprovementArea) {
    const actions = await actionRepository.inAreas(manager, [area.id]);
    const inspection = (await inspectionRepository.byId(manager, area.inspectionId))!;
    const dueOn = timeframeDueOn(this.policy, area.timeframe, inspection.publishedOn);
    const people = await peopleById(manager, [
      area.leadOfficerId,
      area.narrativeById,
      area.narrativeConfirmedById,
      ...actions.map((action) => action.ownerId),
    ]);
    const context = area.snapshot.context;
    const rated = await this.rag.rateActions(manager, actions);
    const measures = await this.rag.rateMeasures(manager, [area.id]);
    const reference = (action: { position: number }) => `${area.position}.${action.position}`;
    return {
      id: area.id,
      inspectionId: area.inspectionId,
      reference: String(area.position),
      title: area.title,
      description: area.description,
      timeframe: area.timeframe,
      /** The date the timeframe gives, counted from the report's publication (config/frameworks.yaml); null when it gives none. */
      dueOn,
      leadOfficer: personView(people, area.leadOfficerId),
      narrative: area.narrative
        ? {
            text: area.narrative,
            writtenOn: area.narrativeUpdatedOn,
            by: personView(people, area.narrativeById),
            /** When, and by whom, it was last confirmed as still true, unchanged, for a later review; null until it is. */
            confirmedOn: area.narrativeConfirmedOn,
            confirmedBy: personView(people, area.narrativeConfirmedById),
          }
        : null,
      state: area.state,
      /** Whether its plan has gone to Ofsted: until it has, a draft area goes with the plan rather than on its own. */
      planSent: planSent(inspection.state),
      acceptedEvents: this.moveArea.acceptedEvents(area),
      submittedOn: context.submittedOn,
      submittedLate: context.submittedLate,
      reviewsHeld: context.reviewsHeld,
      rating: this.rag.rateArea(
        actions.map((action) => ({ reference: reference(action), rating: rated.get(action.id)!.rating })),
        measures.map(({ measure, rating }) => ({ name: measure.name, rating })),
      ),
      version: area.version,
      actions: actions.map((action) => ({
        id: action.id,
        reference: reference(action),
        title: action.title,
        owner: personView(people, action.ownerId),
        dueOn: action.dueOn,
        dueAfterArea: dueAfterArea(action.dueOn, dueOn),
        state: action.state,
        rag: action.rag,
        ragReason: action.ragReason,
        rating: rated.get(action.id)!.rating,
      })),
    };
  }
}
