import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { planSent } from '../../workflows/action-plan.machine.js';
import { improvementAreaWorkflow, type ImprovementAreaFacts } from '../../workflows/improvement-area.machine.js';
import { actionRepository, type AreaReadiness } from '../actions/action.repository.js';
import { Clock } from '../common/clock.js';
import type { IsoDate } from '../common/dates.js';
import type { Inspection } from '../inspections/inspection.entity.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { FollowUps } from '../moves/follow-ups.js';
import { WorkflowRunner, type EventCheck, type Move, type MoveRequest, type WorkflowSubject } from '../moves/workflow-runner.js';
import type {} from './area.changes.js';
import { ImprovementArea } from './improvement-area.entity.js';

/**
 * Moving an improvement area through its workflow, whoever asks (a deputy director, the plan's own
 * submission, a scrutiny review's outcome): the guards' facts are gathered here, and the move's
 * follow-ups run in the same transaction.
 */
@Injectable()
export class MoveArea {
  constructor(
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly runner: WorkflowRunner,
  ) {}

  async apply(manager: EntityManager, area: ImprovementArea, request: MoveRequest): Promise<Move> {
    const move = await this.runner.apply(manager, subject(area), await this.facts(manager, area, request.happenedOn), request);
    await this.followUps.publish(manager, 'area:moved', { record: area, move, actor: request.actor, comment: request.comment ?? null });
    return move;
  }

  /** The area's next steps with, for each, why it cannot be taken yet (if it cannot). Moves nothing. */
  async checks(manager: EntityManager, area: ImprovementArea): Promise<EventCheck[]> {
    return this.runner.eventChecks(subject(area), await this.facts(manager, area));
  }

  acceptedEvents(area: ImprovementArea): string[] {
    return this.runner.acceptedEvents(subject(area));
  }

  private async facts(manager: EntityManager, area: ImprovementArea, happenedOn?: IsoDate): Promise<ImprovementAreaFacts> {
    const inspection = (await inspectionRepository.byId(manager, area.inspectionId))!;
    const readiness = await actionRepository.readiness(manager, [area.id]);
    return areaFacts(inspection, readiness.get(area.id), this.clock.today(), happenedOn);
  }
}

/** What an area's guards read: its ready and open actions, its plan's deadline and whether it was sent, and the day the step happened (today unless said). Pure. */
export function areaFacts(
  plan: Pick<Inspection, 'actionPlanDueOn' | 'state'>,
  readiness: AreaReadiness = { ready: 0, open: 0 },
  today: IsoDate,
  happenedOn: IsoDate = today,
): ImprovementAreaFacts {
  return {
    actionsReady: readiness.ready,
    actionsOpen: readiness.open,
    planDueOn: plan.actionPlanDueOn,
    planSent: planSent(plan.state),
    today,
    happenedOn,
  };
}

function subject(area: ImprovementArea): WorkflowSubject<ImprovementArea> {
  return {
    record: area,
    entity: ImprovementArea,
    entityType: 'improvement_area',
    inspectionId: area.inspectionId,
    workflow: improvementAreaWorkflow,
  };
}
