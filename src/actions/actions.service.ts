import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { actionWorkflow, FINISHED_ACTION_STATES, finishesOrReopens } from '../../workflows/action.machine.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { grantOf } from '../auth/permissions.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { findRowById, findRowWithParents, findRows } from '../database/prepared-rows.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { peopleById, personView } from '../users/people.js';
import { NEWEST_FIRST, RagService } from '../rag/rag.service.js';
import { ReminderPlanner } from '../reminders/reminder-planner.service.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { saveVersioned } from '../moves/versioned-update.js';
import type { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { WorkflowRunner, type WorkflowSubject } from '../moves/workflow-runner.service.js';
import type { CreateActionDto, CreateProgressUpdateDto, UpdateActionDto } from './action.dto.js';
import { Action } from './action.entity.js';
import { ProgressUpdate } from './progress-update.entity.js';

@Injectable()
export class ActionsService {
  constructor(
    private readonly areas: ImprovementAreasService,
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly rag: RagService,
    private readonly reminders: ReminderPlanner,
    private readonly runner: WorkflowRunner,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  create(areaId: string, dto: CreateActionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const area = await this.areas.find(manager, areaId, { forUpdate: true });
      if (area.state === 'closed') throw new ConflictError('This improvement area is closed: it takes no new actions.');
      const owner = dto.owner ? await this.users.resolve(manager, dto.owner) : null;
      const action = manager.create(Action, {
        id: randomUUID(),
        areaId,
        position: ((await manager.maximum(Action, 'position', { areaId })) ?? 0) + 1,
        title: dto.title.trim(),
        ownerId: owner?.id ?? null,
        assignedById: owner ? actor.id : null,
        dueOn: dto.dueOn ?? null,
        successMeasure: dto.successMeasure?.trim() || null,
        rag: null,
        ragReason: null,
        dueDateMoves: 0,
        createdAt: this.clock.now().toISOString(),
        ...this.runner.initialColumns(actionWorkflow),
      });
      await manager.insert(Action, action);
      await this.reminders.planForAction(manager, action, area.inspectionId);
      await this.audit.record(manager, {
        entityType: 'action',
        entityId: action.id,
        inspectionId: area.inspectionId,
        event: 'CREATED',
        toState: action.state,
        actor,
        details: { owner: owner?.email ?? null, dueOn: action.dueOn },
      });
      return this.view(manager, action, area);
    });
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const [action, area, named] = await this.findWithArea(manager, id);
      return this.view(manager, action, area, named);
    });
  }

  update(id: string, dto: UpdateActionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const [action, area, named] = await this.findWithArea(manager, id);
      const previousOwnerId = action.ownerId;
      const owner = dto.owner ? await this.users.resolve(manager, dto.owner) : undefined;
      const reassigned = owner !== undefined && owner.id !== previousOwnerId;
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
      // The database counts a move of the due date (a trigger, so every writer's moves count): read its count back.
      if (details.dueOn) action.dueDateMoves = (await findRowById(manager, Action, id))!.dueDateMoves;
      await this.reminders.planForAction(manager, action, area.inspectionId);
      if (Object.keys(details).length > 0) {
        // Ids mean nothing to a reader of the history: name the people instead.
        const people = await peopleById(manager, [previousOwnerId, action.ownerId, actor.id], named);
        if (details.ownerId) details.ownerId = { from: personView(people, previousOwnerId)?.email ?? null, to: owner?.email ?? null };
        if (details.assignedById) delete details.assignedById;
        await this.audit.record(manager, {
          entityType: 'action',
          entityId: id,
          inspectionId: area.inspectionId,
          event: reassigned ? 'REASSIGNED' : 'UPDATED',
          actor,
          details,
        });
      }
      return this.view(manager, action, area, named);
    });
  }

  applyEvent(id: string, dto: WorkflowEventDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const [action, area, named] = await this.findWithArea(manager, id);
      this.checkOwnership(actor, action, area);
      const subject = this.subject(action, area);
      const request = { event: { type: dto.type, comment: dto.comment ?? '' }, actor, comment: dto.comment, expectedVersion: dto.version };
      const move = this.runner.step(subject, request);
      // Finishing or reopening changes what the area's own moves check (its open and ready actions): lock it first, as they do.
      if (finishesOrReopens(move.from, move.to)) await this.areas.find(manager, area.id, { forUpdate: true });
      // Read before writing: the write holds locks other writers wait for until the commit, and a move changes none of this.
      const facts = await this.viewFacts(manager, action, named);
      await this.runner.save(manager, subject, request, move);
      await this.reminders.planAfterMove(manager, action, move.from, area.inspectionId);
      return this.render(action, area, facts);
    });
  }

  addProgressUpdate(id: string, dto: CreateProgressUpdateDto, actor: SignedInUser) {
    const today = this.clock.today();
    if (dto.reportedOn && dto.reportedOn > today) throw new InvalidInputError({ reportedOn: ['reportedOn cannot be in the future'] });
    return this.unitOfWork.write(async (manager) => {
      const [action, area, named] = await this.findWithArea(manager, id);
      this.checkOwnership(actor, action, area);
      if (FINISHED_ACTION_STATES.includes(action.state))
        throw new ConflictError(`This action is ${action.state}: reopen it before reporting progress.`);
      const update = manager.create(ProgressUpdate, {
        id: randomUUID(),
        actionId: id,
        authorId: actor.id,
        text: dto.text.trim(),
        percentComplete: dto.percentComplete,
        rag: dto.rag ?? null,
        reportedOn: dto.reportedOn ?? today,
        createdAt: this.clock.now().toISOString(),
      });
      await manager.insert(ProgressUpdate, update);
      if (dto.rag) await saveVersioned(manager, Action, action, action.version, { rag: dto.rag, ragReason: update.text }, 'action');
      await this.audit.record(manager, {
        entityType: 'action',
        entityId: id,
        inspectionId: area.inspectionId,
        event: 'PROGRESS_UPDATED',
        actor,
        comment: update.text,
        details: { percentComplete: update.percentComplete, rag: update.rag },
      });
      return this.view(manager, action, area, named);
    });
  }

  /** The action, its area and the people it names (owner, assigner), in one statement. */
  private async findWithArea(manager: EntityManager, id: string): Promise<[Action, ImprovementArea, Array<User | null>]> {
    const found = await findRowWithParents<Action, [ImprovementArea, User, User]>(manager, Action, id, [
      ['areaId', ImprovementArea],
      ['ownerId', User],
      ['assignedById', User],
    ]);
    if (!found) throw new NotFoundError('action', id);
    const [action, area, owner, assignedBy] = found;
    return [action, area!, [owner, assignedBy]];
  }

  /** Action owners report on and move only their own actions; roles that hold action:update outright, any. */
  private checkOwnership(actor: SignedInUser, action: Action, area: ImprovementArea): void {
    if (grantOf(actor.role, 'action:update') === 'own' && action.ownerId !== actor.id) {
      throw new ForbiddenError(
        `Action ${area.position}.${action.position} is not yours: action owners can report on and move only the actions they own.`,
      );
    }
  }

  private subject(action: Action, area: ImprovementArea): WorkflowSubject<Action> {
    return { record: action, entity: Action, entityType: 'action', inspectionId: area.inspectionId, workflow: actionWorkflow };
  }

  private async view(manager: EntityManager, action: Action, area: ImprovementArea, known: Array<User | null> = []) {
    return this.render(action, area, await this.viewFacts(manager, action, known));
  }

  /** What an action's page shows besides the action itself; `known` are people read already. */
  private async viewFacts(manager: EntityManager, action: Action, known: Array<User | null>) {
    const updates = await findRows(manager, ProgressUpdate, { actionId: [action.id] }, NEWEST_FIRST);
    const people = await peopleById(manager, [action.ownerId, action.assignedById, ...updates.map((update) => update.authorId)], known);
    return { updates, people, rating: await this.rag.ratingFacts(manager, [action.id], updates) };
  }

  private render(action: Action, area: ImprovementArea, { updates, people, rating }: Awaited<ReturnType<ActionsService['viewFacts']>>) {
    return {
      id: action.id,
      areaId: area.id,
      inspectionId: area.inspectionId,
      reference: `${area.position}.${action.position}`,
      title: action.title,
      owner: personView(people, action.ownerId),
      assignedBy: personView(people, action.assignedById),
      dueOn: action.dueOn,
      successMeasure: action.successMeasure,
      state: action.state,
      acceptedEvents: this.runner.acceptedEvents(this.subject(action, area)),
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
      })),
    };
  }
}
