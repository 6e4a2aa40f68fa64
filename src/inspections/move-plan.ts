import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actionPlanWorkflow, DATED_PLAN_EVENTS, type ActionPlanFacts } from '../../workflows/action-plan.machine.js';
import { DRAFT_AREA_STATES, CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import { inWords } from '../../workflows/workflow.js';
import { actionRepository, type AreaReadiness } from '../actions/action.repository.js';
import { Clock } from '../common/clock.js';
import type { IsoDate } from '../common/dates.js';
import { InvalidInputError } from '../common/errors.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { FollowUps } from '../moves/follow-ups.js';
import { WorkflowRunner, type EventCheck, type Move, type MoveRequest, type WorkflowSubject } from '../moves/workflow-runner.js';
// The changes this use case publishes are declared there.
import type {} from './inspection.changes.js';
import { Inspection } from './inspection.entity.js';

/**
 * Moving an action plan through its workflow, whoever asks (a director on a page or through the API,
 * the scrutiny committee closing its last area, the service recording a missed deadline): the guards'
 * facts are gathered here, and the move's follow-ups (its areas submitted with it, its first review,
 * its reminders) run in the same transaction.
 */
@Injectable()
export class MovePlan {
  constructor(
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly runner: WorkflowRunner,
  ) {}

  async apply(manager: EntityManager, inspection: Inspection, request: MoveRequest): Promise<Move> {
    checkHappenedOn(inspection, request, this.clock.today());
    const move = await this.runner.apply(manager, subject(inspection), await this.facts(manager, inspection, request.happenedOn), request);
    await this.followUps.publish(manager, 'plan:moved', {
      record: inspection,
      move,
      actor: request.actor,
      comment: request.comment ?? null,
    });
    return move;
  }

  /** The plan's next steps with, for each, why it cannot be taken yet (if it cannot). Moves nothing. */
  async checks(manager: EntityManager, inspection: Inspection): Promise<EventCheck[]> {
    return this.runner.eventChecks(subject(inspection), await this.facts(manager, inspection));
  }

  acceptedEvents(inspection: Inspection): string[] {
    return this.runner.acceptedEvents(subject(inspection));
  }

  private async facts(manager: EntityManager, inspection: Inspection, happenedOn?: IsoDate): Promise<ActionPlanFacts> {
    const areas = await areaRepository.ofPlan(manager, inspection.id);
    const readiness = await actionRepository.readiness(
      manager,
      areas.map((area) => area.id),
    );
    return planFacts(inspection, areas, readiness, this.clock.today(), happenedOn);
  }
}

/** What the plan's guards read: how ready its areas are, which are still open, its deadlines, and the day the step happened. Pure. */
export function planFacts(
  inspection: Pick<Inspection, 'actionPlanDueOn' | 'draftPlanDueOn'>,
  areas: ReadonlyArray<Pick<ImprovementArea, 'id' | 'position' | 'title' | 'state'>>,
  readiness: ReadonlyMap<string, AreaReadiness>,
  today: IsoDate,
  happenedOn: IsoDate = today,
): ActionPlanFacts {
  return {
    areaCount: areas.length,
    areasNotReady: areas
      .filter((area) => DRAFT_AREA_STATES.includes(area.state) && !readiness.get(area.id)?.ready)
      .map((area) => `${area.position} ${area.title}`),
    areasOpen: areas.filter((area) => !CLOSED_AREA_STATES.includes(area.state)).length,
    draftPlanDueOn: inspection.draftPlanDueOn,
    planDueOn: inspection.actionPlanDueOn,
    today,
    happenedOn,
  };
}

/** Each dated step's date, named as the person recording it thinks of it. */
const DATE_OF: Record<string, string> = {
  APPROVE: 'The date the plan was approved',
  SUBMIT: 'The date the plan was sent to Ofsted',
  SEND_DRAFT: 'The date the draft plan was sent to Ofsted',
};

/**
 * A step recorded after the day it happened (the plan sent on the deadline, recorded the next morning)
 * takes the day it happened: never a day still to come, nor one before the report arrived, and with a
 * reason when it is before today, so the record says why it was written late.
 */
function checkHappenedOn(inspection: Inspection, request: MoveRequest, today: IsoDate): void {
  const { happenedOn } = request;
  if (happenedOn === undefined) return;
  const problems: Record<string, string[]> = {};
  const dated = DATED_PLAN_EVENTS as readonly string[];
  const theDate = DATE_OF[request.type] ?? 'The date';
  if (!dated.includes(request.type)) problems.happenedOn = ['A date is recorded only for approving, submitting or sending a draft plan'];
  else if (happenedOn > today) problems.happenedOn = [`${theDate} must be today or in the past`];
  else if (happenedOn < inspection.receivedOn)
    problems.happenedOn = [`${theDate} must be on or after the date the council received the report`];
  else if (request.type === 'SUBMIT' && inspection.snapshot.context.approvedOn && happenedOn < inspection.snapshot.context.approvedOn) {
    problems.happenedOn = [
      `The date the plan was sent to Ofsted must be on or after ${inWords(inspection.snapshot.context.approvedOn)}, the date it was approved`,
    ];
  }
  if (happenedOn < today && !request.comment?.trim()) problems.comment = ['Enter why the date given is before today'];
  if (Object.keys(problems).length > 0) throw new InvalidInputError(problems);
}

function subject(inspection: Inspection): WorkflowSubject<Inspection> {
  return { record: inspection, entity: Inspection, entityType: 'inspection', inspectionId: inspection.id, workflow: actionPlanWorkflow };
}
