import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ACTION_STATES, actionWorkflow, isFinishedAction } from '../../workflows/action.machine.js';
import { ACTION_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { CLOSED_AREA_STATES, DRAFT_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import type { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { inWords } from '../../workflows/workflow.js';
import { Clock } from '../common/clock.js';
import type { IsoDate } from '../common/dates.js';
import { Policy } from '../config/policy.js';
import { dueAfterArea, givesDate, timeframeDueOn } from '../improvement-areas/timeframes.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { FollowUps } from '../moves/follow-ups.js';
import { saveVersioned } from '../moves/versioned-update.js';
import type { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { WorkflowRunner } from '../moves/workflow-runner.js';
import { RagService } from '../rag/rag.service.js';
import { peopleById, personView } from '../users/people.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type {} from './action.changes.js';
import type { CreateActionDto, CreateProgressUpdateDto, RemoveActionDto, UpdateActionDto } from './action.dto.js';
import { Action } from './action.entity.js';
import { actionRepository } from './action.repository.js';
import { MoveAction } from './move-action.js';
import { ASSIGNERS_EVENTS, mayDecideOn, mayReportOn } from './owner-rule.js';
import { ProgressUpdate } from './progress-update.entity.js';

@Injectable()
export class ActionsService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly moveAction: MoveAction,
    private readonly policy: Policy,
    private readonly rag: RagService,
    private readonly runner: WorkflowRunner,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  create(areaId: string, dto: CreateActionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      // Locked, as the area's own moves lock it: a new open action changes what they check.
      const area = await areaRepository.byId(manager, areaId, { forUpdate: true });
      if (!area) throw new NotFoundError('improvement area', areaId);
      if (CLOSED_AREA_STATES.includes(area.state)) throw new ConflictError('This improvement area is closed: it takes no new actions.');
      this.checkDueOn(dto, null);
      const owner = dto.owner ? await this.users.resolve(manager, dto.owner) : null;
      const action = manager.create(Action, {
        id: randomUUID(),
        areaId,
        position: await actionRepository.nextPosition(manager, areaId),
        title: dto.title.trim(),
        ownerId: owner?.id ?? null,
        assignedById: owner ? actor.id : null,
        dueOn: dto.dueOn ?? null,
        successMeasure: dto.successMeasure?.trim() || null,
        rag: null,
        ragReason: null,
        dueDateMoves: 0,
        createdAt: this.clock.now().toISOString(),
        ...this.runner.initialColumns<Action>(actionWorkflow),
      });
      await actionRepository.insert(manager, action);
      await this.audit.record(manager, {
        entityType: 'action',
        entityId: action.id,
        inspectionId: area.inspectionId,
        event: 'CREATED',
        toState: action.state,
        actor,
        details: { owner: owner?.email ?? null, dueOn: action.dueOn },
      });
      await this.followUps.publish(manager, 'action:written', { record: action, created: true, changed: Object.keys(action), actor });
      return this.view(manager, action, area);
    });
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const { action, area, owner, assignedBy } = await this.find(manager, id);
      return this.view(manager, action, area, [owner, assignedBy]);
    });
  }

  /** What happened to this action alone, oldest first: its area's history holds it among the rest. */
  history(id: string): Promise<AuditEvent[]> {
    return this.unitOfWork.read(async (manager) => {
      const { action } = await this.find(manager, id);
      return this.audit.history(manager, [action.id]);
    });
  }

  update(id: string, dto: UpdateActionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const { action, area, owner: previousOwner, assignedBy } = await this.find(manager, id);
      this.checkDueOn(dto, action.dueOn, this.movedWithoutReason(dto, action, area));
      const owner = dto.owner ? await this.users.resolve(manager, dto.owner) : undefined;
      const reassigned = owner !== undefined && owner.id !== action.ownerId;
      const details = await saveVersioned(
        manager,
        Action,
        action,
        dto.version,
        {
          title: dto.title?.trim(),
          ownerId: owner?.id,
          assignedById: reassigned ? actor.id : undefined,
          dueOn: dto.dueOn,
          successMeasure: dto.successMeasure?.trim(),
        },
        'action',
      );
      if (Object.keys(details).length > 0) {
        // The database counts a move of the due date (a trigger, so every writer's moves count): read its count back.
        if (details.dueOn) action.dueDateMoves = await actionRepository.dueDateMoves(manager, id);
        await this.followUps.publish(manager, 'action:written', { record: action, created: false, changed: Object.keys(details), actor });
        // Ids mean nothing to a reader of the history: name the people instead.
        if (details.ownerId) details.ownerId = { from: previousOwner?.email ?? null, to: owner?.email ?? null };
        delete details.assignedById;
        await this.audit.record(manager, {
          entityType: 'action',
          entityId: id,
          inspectionId: area.inspectionId,
          event: reassigned ? 'REASSIGNED' : 'UPDATED',
          actor,
          details,
          comment: details.dueOn ? dto.reason : undefined,
        });
      }
      return this.view(manager, action, area, [previousOwner, assignedBy, owner ?? null]);
    });
  }

  /**
   * A new due date already past is more often a slip of the keyboard than a plan: it stands only when confirmed.
   * Said together with any other problem of the date, so that the person hears of both at once.
   */
  private checkDueOn(
    dto: Pick<CreateActionDto, 'dueOn' | 'confirmPastDueOn'>,
    current: IsoDate | null,
    others: Record<string, string[]> = {},
  ): void {
    const fields = { ...others };
    if (dto.dueOn && dto.dueOn !== current && dto.dueOn < this.clock.today() && !dto.confirmPastDueOn)
      fields.confirmPastDueOn = [`The due date, ${inWords(dto.dueOn)}, has already passed: check it, or confirm that it is right`];
    if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
  }

  /** Once the plan has gone to Ofsted, a due date moves only with its reason: the committee reads each move with why. */
  private movedWithoutReason(dto: UpdateActionDto, action: Action, area: ImprovementArea): Record<string, string[]> {
    const moved = dto.dueOn !== undefined && action.dueOn !== null && dto.dueOn !== action.dueOn;
    return moved && !DRAFT_AREA_STATES.includes(area.state) && !dto.reason?.trim()
      ? { reason: ['Enter why the due date is moving: the plan has been sent to Ofsted, and the committee sees why each due date moved'] }
      : {};
  }

  /**
   * Removes a mistaken action from a plan still in draft, where cancelling would leave it in the plan's
   * annex. The plan is locked so it cannot be approved meanwhile; the action's reminders go with it.
   */
  remove(id: string, dto: RemoveActionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const { action, area, owner } = await this.find(manager, id);
      const inspection = (await inspectionRepository.byId(manager, area.inspectionId, { forUpdate: true }))!;
      if (inspection.state !== ACTION_PLAN_STATES.draft) {
        throw new ConflictError(
          `Action ${area.position}.${action.position} cannot be removed: the plan is ${inspection.state.replaceAll('_', ' ')}, and only a draft plan’s actions can be. Cancel the action instead, saying why.`,
        );
      }
      if (dto.version !== action.version) throw new StaleVersionError('action', dto.version, action.version);
      const reference = `${area.position}.${action.position}`;
      const renumbered = await actionRepository.remove(manager, action);
      await this.audit.record(manager, {
        // On the area: the action is gone, and the area's history is where its removal is looked for.
        entityType: 'improvement_area',
        entityId: area.id,
        inspectionId: area.inspectionId,
        event: 'ACTION_REMOVED',
        actor,
        details: {
          actionId: id,
          reference,
          title: action.title,
          owner: owner?.email ?? null,
          dueOn: action.dueOn,
          renumbered: renumbered.map((move) => `${area.position}.${move.from} became ${area.position}.${move.to}`).join(', ') || null,
        },
      });
      await this.followUps.publish(manager, 'action:removed', { record: action, actor });
      return {
        id,
        areaId: area.id,
        inspectionId: area.inspectionId,
        reference,
        title: action.title,
        renumbered: renumbered.map((move) => ({ from: `${area.position}.${move.from}`, to: `${area.position}.${move.to}` })),
      };
    });
  }

  applyEvent(id: string, dto: WorkflowEventDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const { action, area, owner, assignedBy } = await this.find(manager, id);
      this.checkMayReportOn(actor, action, area, owner);
      if (ASSIGNERS_EVENTS.includes(dto.type) && !mayDecideOn(actor)) {
        const who = assignedBy ? `${assignedBy.name}, who assigned it` : 'a deputy director';
        throw new ForbiddenError(
          dto.type === 'COMPLETE'
            ? `Marking action ${area.position}.${action.position} as completed is for ${who}: report it as done (100%) and they will check the work and sign it off.`
            : `Cancelling action ${area.position}.${action.position} is for ${who}: ask them to cancel it, and say why.`,
        );
      }
      // Read before moving: the move's write holds locks other writers wait for until the commit, and a move changes
      // none of this but why the action is in its state (blocked, completed, cancelled), read again after it.
      const facts = await this.viewFacts(manager, action, [owner, assignedBy], area);
      await this.moveAction.apply(manager, action, area, { type: dto.type, actor, comment: dto.comment, expectedVersion: dto.version });
      const stateReasons = await actionRepository.stateReasons(manager, [action]);
      return this.render(action, area, { ...facts, rating: { ...facts.rating, stateReasons } });
    });
  }

  addProgressUpdate(id: string, dto: CreateProgressUpdateDto, actor: SignedInUser) {
    const today = this.clock.today();
    if (dto.reportedOn && dto.reportedOn > today)
      throw new InvalidInputError({ reportedOn: ['The date of the update must be today or in the past'] });
    return this.unitOfWork.write(async (manager) => {
      const { action, area, owner, assignedBy } = await this.find(manager, id);
      this.checkMayReportOn(actor, action, area, owner);
      if (isFinishedAction(action.state)) {
        throw new ConflictError(`This action is ${action.state}: reopen it before reporting progress.`);
      }
      const update = manager.create(ProgressUpdate, {
        id: randomUUID(),
        actionId: id,
        authorId: actor.id,
        text: dto.text.trim(),
        percentComplete: dto.percentComplete,
        rag: dto.rag ?? null,
        reportedOn: dto.reportedOn ?? today,
        mitigation: dto.mitigation?.trim() || null,
        revisedDueOn: dto.revisedDueOn ?? null,
        createdAt: this.clock.now().toISOString(),
      });
      await actionRepository.insertProgressUpdate(manager, update);
      if (dto.rag) {
        const details = await saveVersioned(manager, Action, action, action.version, { rag: dto.rag, ragReason: update.text }, 'action');
        await this.followUps.publish(manager, 'action:written', { record: action, created: false, changed: Object.keys(details), actor });
      }
      // Progress reported is work begun: an action left "Not started" beside "30% done" reads as a mistake.
      if (action.state === ACTION_STATES.notStarted && update.percentComplete > 0) {
        const comment = `${update.percentComplete}% done, as reported on ${inWords(update.reportedOn)}.`;
        await this.moveAction.apply(manager, action, area, { type: 'START', actor, comment });
      }
      await this.followUps.publish(manager, 'action:progress', { record: action, percentComplete: update.percentComplete, actor });
      await this.audit.record(manager, {
        entityType: 'action',
        entityId: id,
        inspectionId: area.inspectionId,
        event: 'PROGRESS_UPDATED',
        actor,
        comment: update.text,
        details: {
          percentComplete: update.percentComplete,
          rag: update.rag,
          ...(update.mitigation ? { mitigation: update.mitigation } : {}),
          ...(update.revisedDueOn ? { revisedDueOn: update.revisedDueOn } : {}),
        },
      });
      return this.view(manager, action, area, [owner, assignedBy]);
    });
  }

  private async find(manager: EntityManager, id: string) {
    const found = await actionRepository.withParents(manager, id);
    if (!found) throw new NotFoundError('action', id);
    return found;
  }

  private checkMayReportOn(actor: SignedInUser, action: Action, area: ImprovementArea, owner: User | null): void {
    if (!mayReportOn(actor, owner)) {
      throw new ForbiddenError(
        `Action ${area.position}.${action.position} is not yours: action owners can report on and move only the actions they own.`,
      );
    }
  }

  private async view(manager: EntityManager, action: Action, area: ImprovementArea, known: Array<User | null> = []) {
    return this.render(action, area, await this.viewFacts(manager, action, known, area));
  }

  /** What an action's page shows besides the action itself; `known` are people read already. */
  private async viewFacts(manager: EntityManager, action: Action, known: Array<User | null>, area?: ImprovementArea) {
    const updates = await actionRepository.progressUpdates(manager, [action.id]);
    const people = await peopleById(manager, [action.ownerId, action.assignedById, ...updates.map((update) => update.authorId)], known);
    const rating = this.rag.ratingFacts(updates, await actionRepository.stateReasons(manager, [action]));
    return { updates, people, rating, areaDueOn: area ? await this.areaDueOn(manager, area) : null };
  }

  /** The area's date, from its timeframe; the plan is read only for an area whose timeframe gives one. */
  private async areaDueOn(manager: EntityManager, area: ImprovementArea): Promise<IsoDate | null> {
    if (!givesDate(this.policy, area.timeframe)) return null;
    const inspection = await inspectionRepository.byId(manager, area.inspectionId);
    return inspection ? timeframeDueOn(this.policy, area.timeframe, inspection.publishedOn) : null;
  }

  private render(
    action: Action,
    area: ImprovementArea,
    { updates, people, rating, areaDueOn }: Awaited<ReturnType<ActionsService['viewFacts']>>,
  ) {
    return {
      id: action.id,
      areaId: area.id,
      inspectionId: area.inspectionId,
      /** The improvement area it is part of, so that a page reached from an email says what the action is for. */
      area: { reference: String(area.position), title: area.title },
      reference: `${area.position}.${action.position}`,
      title: action.title,
      owner: personView(people, action.ownerId),
      assignedBy: personView(people, action.assignedById),
      dueOn: action.dueOn,
      /** The date its area's timeframe gives, and whether the action is due after it. */
      areaDueOn,
      dueAfterArea: dueAfterArea(action.dueOn, areaDueOn),
      successMeasure: action.successMeasure,
      state: action.state,
      acceptedEvents: this.moveAction.acceptedEvents(action, area),
      rag: action.rag,
      ragReason: action.ragReason,
      rating: this.rag.rate([action], rating).get(action.id)!.rating,
      version: action.version,
      progressUpdates: updates.map((update) => ({
        id: update.id,
        author: personView(people, update.authorId),
        text: update.text,
        percentComplete: update.percentComplete,
        rag: update.rag,
        reportedOn: update.reportedOn,
        mitigation: update.mitigation,
        revisedDueOn: update.revisedDueOn,
      })),
    };
  }
}
