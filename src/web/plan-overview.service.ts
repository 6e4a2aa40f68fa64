import { Injectable } from '@nestjs/common';
import { FINISHED_ACTION_STATES } from '../../workflows/action.machine.js';
import { actionRepository } from '../actions/action.repository.js';
import { Clock } from '../common/clock.js';
import { Policy } from '../config/policy.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import type { RagStatus } from '../rag/rag-rules.js';
import { RagService } from '../rag/rag.service.js';
import { nextReviewView } from '../scrutiny/next-review.js';
import { reviewRepository } from '../scrutiny/review.repository.js';

/** What an action that is neither completed nor cancelled can be rated, worst first. */
const OPEN_RATINGS: readonly RagStatus[] = ['overdue', 'off_track', 'at_risk', 'on_track', 'awaiting_sign_off'];

/** The read-only summaries the home pages show; every change still goes through the plan's own services. */
@Injectable()
export class PlanOverviewService {
  constructor(
    private readonly clock: Clock,
    private readonly inspections: InspectionsService,
    private readonly policy: Policy,
    private readonly rag: RagService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Each inspection with its deadline, each area's rating and the ratings of its open actions, what the rules rate overdue, and its next scrutiny review. */
  async plans() {
    const inspections = await this.inspections.list();
    return this.unitOfWork.read(async (manager) => {
      const areas = await areaRepository.ofPlans(
        manager,
        inspections.map((inspection) => inspection.id),
      );
      const areaIds = areas.map((area) => area.id);
      // Every action, finished ones too, and every measure: the area's own rating reads them all, as on its page.
      const all = await actionRepository.inAreas(manager, areaIds);
      const actions = all.filter((action) => !FINISHED_ACTION_STATES.includes(action.state));
      // Statuses, and the words of ratings that never read why an action finished (overdue ones, and the areas').
      const rated = await this.rag.rateActions(manager, all, { statusOnly: true });
      const ratingOf = (action: { id: string }) => rated.get(action.id)!.rating;
      const measures = await this.rag.rateMeasures(manager, areaIds);
      const reviews = await reviewRepository.nextOfPlans(
        manager,
        inspections.map((inspection) => inspection.id),
      );
      const today = this.clock.today();
      return inspections.map((inspection) => {
        const own = areas.filter((area) => area.inspectionId === inspection.id);
        return {
          ...inspection,
          nextReview: nextReviewView(reviews.get(inspection.id), today),
          areas: own.map((area) => {
            const open = actions.filter((action) => action.areaId === area.id);
            const theirs = all
              .filter((action) => action.areaId === area.id)
              .map((action) => ({ reference: `${area.position}.${action.position}`, rating: ratingOf(action) }));
            const areaMeasures = measures
              .filter(({ measure }) => measure.areaId === area.id)
              .map(({ measure, rating }) => ({ name: measure.name, rating }));
            return {
              id: area.id,
              reference: area.position,
              title: area.title,
              state: area.state,
              rating: this.rag.rateArea(theirs, areaMeasures),
              counts: OPEN_RATINGS.map((status) => open.filter((action) => ratingOf(action).status === status).length),
            };
          }),
          overdue: actions
            .filter((action) => ratingOf(action).status === 'overdue' && own.some((area) => area.id === action.areaId))
            .map((action) => {
              const area = own.find((candidate) => candidate.id === action.areaId)!;
              return {
                id: action.id,
                reference: `${area.position}.${action.position}`,
                title: action.title,
                dueOn: action.dueOn,
                state: action.state,
                rating: ratingOf(action),
              };
            }),
        };
      });
    });
  }

  /** The ratings an open action can have, worst first, with their words and colours: the column heads for `plans()`'s `counts`. */
  ratingColumns() {
    return OPEN_RATINGS.map((status) => ({ status, ...this.policy.rag.ratings[status] }));
  }

  /** The actions someone owns that are not finished, soonest due first. */
  myActions(userId: string) {
    return this.unitOfWork.read(async (manager) => {
      const actions = await actionRepository.openOwnedBy(manager, userId);
      const rated = await this.rag.rateActions(manager, actions);
      const areas = new Map(
        (await areaRepository.byIds(manager, [...new Set(actions.map((action) => action.areaId))])).map((area) => [area.id, area]),
      );
      return actions.map((action) => ({
        id: action.id,
        reference: `${areas.get(action.areaId)?.position}.${action.position}`,
        title: action.title,
        dueOn: action.dueOn,
        state: action.state,
        rating: rated.get(action.id)!.rating,
      }));
    });
  }
}
