import { Injectable } from '@nestjs/common';
import { actionRepository } from '../actions/action.repository.js';
import { Clock } from '../common/clock.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { reviewRepository } from '../scrutiny/review.repository.js';

/** The read-only summaries the home pages show; every change still goes through the plan's own services. */
@Injectable()
export class PlanOverviewService {
  constructor(
    private readonly clock: Clock,
    private readonly inspections: InspectionsService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Each inspection with its deadline, the RAG ratings of each area's open actions, what is overdue, and its next scrutiny review. */
  async plans() {
    const today = this.clock.today();
    const inspections = await this.inspections.list();
    return this.unitOfWork.read(async (manager) => {
      const areas = await areaRepository.ofPlans(
        manager,
        inspections.map((inspection) => inspection.id),
      );
      const actions = await actionRepository.inAreas(
        manager,
        areas.map((area) => area.id),
        { openOnly: true },
      );
      const reviews = await reviewRepository.nextOfPlans(
        manager,
        inspections.map((inspection) => inspection.id),
      );
      return inspections.map((inspection) => {
        const own = areas.filter((area) => area.inspectionId === inspection.id);
        const nextReview = reviews.get(inspection.id);
        return {
          ...inspection,
          nextReview: nextReview ? { sequence: nextReview.sequence, dueOn: nextReview.dueOn } : null,
          areas: own.map((area) => {
            const open = actions.filter((action) => action.areaId === area.id);
            const count = (rag: string | null) => open.filter((action) => action.rag === rag).length;
            return {
              id: area.id,
              reference: area.position,
              title: area.title,
              state: area.state,
              red: count('red'),
              amber: count('amber'),
              green: count('green'),
              unrated: count(null),
            };
          }),
          overdue: actions
            .filter((action) => action.dueOn !== null && action.dueOn < today && own.some((area) => area.id === action.areaId))
            .map((action) => {
              const area = own.find((candidate) => candidate.id === action.areaId)!;
              return {
                id: action.id,
                reference: `${area.position}.${action.position}`,
                title: action.title,
                dueOn: action.dueOn,
                state: action.state,
              };
            }),
        };
      });
    });
  }

  /** The actions someone owns that are not finished, soonest due first. */
  myActions(userId: string) {
    const today = this.clock.today();
    return this.unitOfWork.read(async (manager) => {
      const actions = await actionRepository.openOwnedBy(manager, userId);
      const areas = new Map(
        (await areaRepository.byIds(manager, [...new Set(actions.map((action) => action.areaId))])).map((area) => [area.id, area]),
      );
      return actions.map((action) => ({
        id: action.id,
        reference: `${areas.get(action.areaId)?.position}.${action.position}`,
        title: action.title,
        dueOn: action.dueOn,
        overdue: action.dueOn !== null && action.dueOn < today,
        state: action.state,
        rag: action.rag,
      }));
    });
  }
}
