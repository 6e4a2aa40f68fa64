import { Injectable } from '@nestjs/common';
import { ACTION_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { DRAFT_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import type { IsoDate } from '../common/dates.js';
import type {} from '../inspections/inspection.changes.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import { areaRepository } from './area.repository.js';
import { MoveArea } from './move-area.js';

/** Submitting the plan submits every draft area with it, in the same transaction: all of them, or nothing. */
@Injectable()
@FollowsChanges()
export class SubmitAreasWithPlan implements FollowUp {
  constructor(private readonly moveArea: MoveArea) {}

  readonly follows: FollowUpHandlers = {
    'plan:moved': async (manager, { record, move, actor }) => {
      if (move.to !== ACTION_PLAN_STATES.submitted) return;
      for (const area of await areaRepository.ofPlan(manager, record.id)) {
        if (!DRAFT_AREA_STATES.includes(area.state)) continue;
        // On the day the plan was sent, which may be before the day it was recorded.
        await this.moveArea.apply(manager, area, {
          type: 'SUBMIT',
          actor,
          comment: 'Submitted to Ofsted with the action plan.',
          happenedOn: move.persisted.context.submittedOn as IsoDate,
        });
      }
    },
  };
}
