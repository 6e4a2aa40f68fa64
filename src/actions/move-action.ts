import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actionWorkflow, finishesOrReopens, type ActionFacts } from '../../workflows/action.machine.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { FollowUps } from '../moves/follow-ups.js';
import { WorkflowRunner, type Move, type MoveRequest, type WorkflowSubject } from '../moves/workflow-runner.js';
import type {} from './action.changes.js';
import { Action } from './action.entity.js';

/**
 * Moving an action through its workflow: the guards read the reason given, and the move's follow-ups
 * (its reminders, when it finishes or reopens) run in the same transaction.
 */
@Injectable()
export class MoveAction {
  constructor(
    private readonly followUps: FollowUps,
    private readonly runner: WorkflowRunner,
  ) {}

  async apply(manager: EntityManager, action: Action, area: ImprovementArea, request: MoveRequest): Promise<Move> {
    const facts: ActionFacts = { comment: request.comment ?? '' };
    const move = this.runner.step(subject(action, area), facts, request);
    // Finishing or reopening changes what the area's own moves check (its open and ready actions): lock it first, as they do.
    if (finishesOrReopens(move.from, move.to)) await areaRepository.byId(manager, area.id, { forUpdate: true });
    await this.runner.save(manager, subject(action, area), request, move);
    await this.followUps.publish(manager, 'action:moved', { record: action, move, actor: request.actor, comment: request.comment ?? null });
    return move;
  }

  acceptedEvents(action: Action, area: ImprovementArea): string[] {
    return this.runner.acceptedEvents(subject(action, area));
  }
}

function subject(action: Action, area: ImprovementArea): WorkflowSubject<Action> {
  return { record: action, entity: Action, entityType: 'action', inspectionId: area.inspectionId, workflow: actionWorkflow };
}
