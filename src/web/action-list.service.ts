import { Injectable } from '@nestjs/common';
import { ACTION_STATES, isFinishedAction, type ActionState } from '../../workflows/action.machine.js';
import { Action as ActionEntity, type Action } from '../actions/action.entity.js';
import { actionRepository } from '../actions/action.repository.js';
import { Policy } from '../config/policy.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { RAG_STATUSES, type RagStatus } from '../rag/rag-rules.js';
import { RagService } from '../rag/rag.service.js';
import { summaryDateOf, summaryOlderThanReview } from '../scrutiny/summary-period.js';
import { SummaryRequests, writtenForNextReview, type SummaryRequest } from '../scrutiny/summary-requests.js';
import { peopleById } from '../users/people.js';
import type { FormBody } from './forms.js';

/** What the actions list can be narrowed to, from its GET form; anything it does not recognise is ignored. */
export interface ActionFilter {
  ownerId?: string;
  assignedById?: string;
  areaId?: string;
  state?: ActionState;
  rating?: RagStatus;
  overdue?: boolean;
}

const STATES = Object.values(ACTION_STATES) as ActionState[];

/** The filter a GET form asks for, keeping only values the list knows. */
export function actionFilterOf(query: FormBody): ActionFilter {
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? query[name] : undefined);
  return {
    ownerId: text('owner'),
    areaId: text('area'),
    state: STATES.find((state) => state === text('state')),
    rating: RAG_STATUSES.find((status) => status === text('rating')),
    overdue: text('overdue') === 'yes',
  };
}

/** The read-only lists of actions and areas the pages show; every change still goes through the plan's own services. */
@Injectable()
export class ActionListService {
  constructor(
    private readonly policy: Policy,
    private readonly rag: RagService,
    private readonly unitOfWork: UnitOfWork,
    private readonly summaries: SummaryRequests,
  ) {}

  /** Actions across every plan, rated by the same rules as the API and the papers, narrowed by `filter`. */
  actions(filter: ActionFilter) {
    return this.unitOfWork.read(async (manager) => {
      const { ownerId, assignedById, areaId, state } = filter;
      const where = Object.fromEntries(Object.entries({ ownerId, assignedById, areaId, state }).filter(([, value]) => value !== undefined));
      const actions = await actionRepository.matching(manager, where);
      const ratings = this.rag.rate(actions, await this.rag.factsOf(manager, actions));
      const areas = new Map(
        (await areaRepository.byIds(manager, [...new Set(actions.map((action) => action.areaId))])).map((area) => [area.id, area]),
      );
      const councils = await inspectionRepository.councilsOf(
        manager,
        [...areas.values()].map((area) => area.inspectionId),
      );
      const people = await peopleById(
        manager,
        actions.map((action) => action.ownerId),
      );
      return actions
        .map((action: Action) => {
          const area = areas.get(action.areaId)!;
          const rating = ratings.get(action.id)!.rating;
          return {
            id: action.id,
            reference: `${area.position}.${action.position}`,
            title: action.title,
            council: councils.get(area.inspectionId) ?? '',
            area: { id: area.id, reference: area.position, title: area.title },
            owner: action.ownerId ? (people.get(action.ownerId)?.name ?? null) : null,
            dueOn: action.dueOn,
            state: action.state,
            rating: { status: rating.status, label: rating.label, colour: rating.colour, reason: rating.reason },
          };
        })
        .filter(
          (action) => (!filter.rating || action.rating.status === filter.rating) && (!filter.overdue || action.rating.status === 'overdue'),
        )
        .sort(
          (a, b) =>
            a.council.localeCompare(b.council) ||
            a.area.reference - b.area.reference ||
            a.reference.localeCompare(b.reference, 'en', { numeric: true }),
        );
    });
  }

  /** The choices of the filter form: everyone who owns an action, every area, every state and rating. */
  filterChoices() {
    return this.unitOfWork.read(async (manager) => {
      const actions = await actionRepository.matching(manager, {});
      const people = await peopleById(
        manager,
        actions.map((action) => action.ownerId),
      );
      const inspections = await inspectionRepository.all(manager);
      const councils = await inspectionRepository.councilsOf(
        manager,
        inspections.map((inspection) => inspection.id),
      );
      const areas = await areaRepository.ofPlans(
        manager,
        inspections.map((inspection) => inspection.id),
      );
      return {
        owners: [...people.values()]
          .map((person) => ({ value: person.id, text: person.name }))
          .sort((a, b) => a.text.localeCompare(b.text)),
        areas: areas.map((area) => ({
          value: area.id,
          text: `${inspections.length > 1 ? `${councils.get(area.inspectionId)}: ` : ''}${area.position} ${area.title}`,
        })),
        states: STATES,
        ratings: RAG_STATUSES.map((status) => ({ value: status, text: this.policy.rag.ratings[status].label })),
      };
    });
  }

  /**
   * The work a person has in the plans that only they are asked to do: the actions they own that are not finished, and
   * the open areas they lead. An administrator changing their role or removing their access sees it first.
   */
  workOf(userId: string) {
    return this.unitOfWork.read(async (manager) => {
      const led = await areaRepository.openLedBy(manager, userId);
      const unordered = (await actionRepository.matching(manager, { ownerId: userId })).filter((action) => !isFinishedAction(action.state));
      const areas = new Map(
        (await areaRepository.byIds(manager, [...new Set(unordered.map((action) => action.areaId))])).map((area) => [area.id, area]),
      );
      // Each plan's together, in the plan's own order.
      const owned = unordered.sort((a, b) => {
        const [areaA, areaB] = [areas.get(a.areaId)!, areas.get(b.areaId)!];
        return areaA.inspectionId.localeCompare(areaB.inspectionId) || areaA.position - areaB.position || a.position - b.position;
      });
      const councils = await inspectionRepository.councilsOf(manager, [
        ...owned.map((action) => areas.get(action.areaId)!.inspectionId),
        ...led.map((area) => area.inspectionId),
      ]);
      return {
        actions: owned.map((action) => {
          const area = areas.get(action.areaId)!;
          return {
            id: action.id,
            reference: `${area.position}.${action.position}`,
            title: action.title,
            council: councils.get(area.inspectionId),
          };
        }),
        areas: led.map((area) => ({ id: area.id, reference: area.position, title: area.title, council: councils.get(area.inspectionId) })),
      };
    });
  }

  /** Whether someone leads an area that is not closed: one read, where Home needs no more. */
  /** Whether the person has assigned any action (given it to someone, or to themselves). */
  hasAssigned(userId: string): Promise<boolean> {
    return this.unitOfWork.read((manager) => manager.existsBy(ActionEntity, { assignedById: userId }));
  }

  leadsAnOpenArea(userId: string): Promise<boolean> {
    return this.unitOfWork.read(async (manager) => (await areaRepository.openLedBy(manager, userId)).length > 0);
  }

  /** The areas someone leads that are not closed, with how many of their actions are still open. */
  areasLedBy(userId: string) {
    return this.unitOfWork.read(async (manager) => {
      const areas = await areaRepository.openLedBy(manager, userId);
      const readiness = await actionRepository.readiness(
        manager,
        areas.map((area) => area.id),
      );
      const councils = await inspectionRepository.councilsOf(
        manager,
        areas.map((area) => area.inspectionId),
      );
      const requests = await this.summaries.ofPlans(
        manager,
        areas.map((area) => area.inspectionId),
      );
      return (
        areas
          .map((area) => ({
            id: area.id,
            reference: area.position,
            title: area.title,
            council: councils.get(area.inspectionId) ?? '',
            inspectionId: area.inspectionId,
            state: area.state,
            openActions: readiness.get(area.id)?.open ?? 0,
            /** The day its lead officer's summary for the committee was last written or confirmed; null when it never was. */
            summaryDate: area.narrative
              ? summaryDateOf({ writtenOn: area.narrativeUpdatedOn, confirmedOn: area.narrativeConfirmedOn })
              : null,
            summaryConfirmed: area.narrative !== null && area.narrativeConfirmedOn !== null,
            /** What the plan's next review asks of its lead, while their summary for it is still to write. */
            summaryWanted: summaryWanted(area, requests.get(area.inspectionId)),
          }))
          // A council's two plans stay apart: each plan's areas together, in their order.
          .sort((a, b) => a.council.localeCompare(b.council) || a.inspectionId.localeCompare(b.inspectionId) || a.reference - b.reference)
      );
    });
  }
}

/** The next review's request, with how the summary saved stands to it, while the summary for it is still to write. */
function summaryWanted(area: ImprovementArea, request: SummaryRequest | undefined) {
  if (!request || writtenForNextReview(area, request)) return null;
  const on = area.narrative ? summaryDateOf({ writtenOn: area.narrativeUpdatedOn, confirmedOn: area.narrativeConfirmedOn }) : null;
  return { ...request, olderThanReview: summaryOlderThanReview(on, request.lastMetOn, request.submittedOn) };
}
