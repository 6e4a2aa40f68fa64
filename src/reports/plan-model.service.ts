import { Injectable } from '@nestjs/common';
import { In, MoreThan, type EntityManager } from 'typeorm';
import { Action } from '../actions/action.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Clock } from '../common/clock.js';
import type { IsoDate } from '../common/dates.js';
import { NotFoundError } from '../common/errors.js';
import { Policy } from '../config/policy.js';
import { peopleById, personView } from '../users/people.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { Authority } from '../inspections/authority.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { Judgement } from '../inspections/judgement.entity.js';
import type { AreaRagRating, RagRating, RagStatus } from '../rag/rag-rules.js';
import { RagService, type RatedAction } from '../rag/rag.service.js';
import { ScrutinyReview, ScrutinyReviewOutcome, type ReviewOutcome } from '../scrutiny/scrutiny-review.entity.js';

type Person = { name: string; email: string } | null;

export interface PlanAction {
  reference: string;
  title: string;
  owner: Person;
  dueOn: IsoDate | null;
  successMeasure: string | null;
  state: string;
  rating: RagRating;
  latestUpdate: RatedAction['latestUpdate'];
}

export interface PlanArea {
  reference: string;
  title: string;
  timeframe: string | null;
  leadOfficer: Person;
  state: string;
  rating: AreaRagRating;
  actions: PlanAction[];
}

export interface PlanChange {
  at: string;
  reference: string;
  what: string;
}

/** Everything the plan's documents show, read in one go and rated as of today, so every document tells the same story. */
export interface PlanModel {
  today: IsoDate;
  authority: string;
  framework: string;
  frameworkName: string;
  startedOn: IsoDate | null;
  endedOn: IsoDate | null;
  publishedOn: IsoDate;
  actionPlanDueOn: IsoDate | null;
  plan: { state: string; submittedOn: IsoDate | null; submittedLate: boolean };
  planLead: Person;
  overallEffectiveness: string | null;
  judgements: Array<{ area: string; grade: string }>;
  scrutinyCommittee: string | null;
  areas: PlanArea[];
  /** Counts of actions per rating across the plan. */
  totals: Record<RagStatus, number> & { actions: number };
  lastReview: {
    sequence: number;
    meetingOn: IsoDate;
    committee: string;
    outcomes: Array<{ reference: string; outcome: ReviewOutcome; comment: string | null }>;
  } | null;
  nextReview: { sequence: number; dueOn: IsoDate } | null;
  /** Since the last review (or since submission, before the first): what moved, oldest first. */
  changesSince: IsoDate | null;
  changes: PlanChange[];
}

const STATE_WORDS: Record<string, string> = {
  START: 'started',
  COMPLETE: 'completed',
  BLOCK: 'blocked',
  UNBLOCK: 'unblocked',
  CANCEL: 'cancelled',
  REOPEN: 'reopened',
  SEND_TO_SCRUTINY: 'sent to scrutiny',
  REQUEST_FURTHER_ASSURANCE: 'further assurance requested',
  ESCALATE: 'escalated',
  CLOSE: 'closed',
  START_DELIVERY: 'delivery started',
};

@Injectable()
export class PlanModelService {
  constructor(
    private readonly clock: Clock,
    private readonly policy: Policy,
    private readonly rag: RagService,
  ) {}

  async load(manager: EntityManager, inspectionId: string): Promise<PlanModel> {
    const inspection = await manager.findOneBy(Inspection, { id: inspectionId });
    if (!inspection) throw new NotFoundError('inspection', inspectionId);
    const framework = this.policy.frameworks.get(inspection.framework);
    const grade = (key: string) => framework?.grades[key] ?? key;
    const authority = await manager.findOneByOrFail(Authority, { id: inspection.authorityId });
    const judgements = await manager.find(Judgement, { where: { inspectionId }, order: { position: 'ASC' } });
    const areas = await manager.find(ImprovementArea, { where: { inspectionId }, order: { position: 'ASC' } });
    const actions =
      areas.length > 0 ? await manager.find(Action, { where: { areaId: In(areas.map((a) => a.id)) }, order: { position: 'ASC' } }) : [];
    const people = await peopleById(manager, [
      inspection.planLeadId,
      ...areas.map((a) => a.leadOfficerId),
      ...actions.map((a) => a.ownerId),
    ]);
    const rated = await this.rag.rateActions(manager, actions);

    const planAreas = areas.map((area): PlanArea => {
      const theirs = actions
        .filter((action) => action.areaId === area.id)
        .map((action): PlanAction => {
          const { rating, latestUpdate } = rated.get(action.id)!;
          return {
            reference: `${area.position}.${action.position}`,
            title: action.title,
            owner: personView(people, action.ownerId),
            dueOn: action.dueOn,
            successMeasure: action.successMeasure,
            state: action.state,
            rating,
            latestUpdate,
          };
        });
      return {
        reference: String(area.position),
        title: area.title,
        timeframe: area.timeframe,
        leadOfficer: personView(people, area.leadOfficerId),
        state: area.state,
        rating: this.rag.rateArea(theirs),
        actions: theirs,
      };
    });
    const all = planAreas.flatMap((area) => area.actions);
    const totals = Object.fromEntries(
      Object.keys(this.policy.rag.ratings).map((status) => [status, all.filter((a) => a.rating.status === status).length]),
    ) as Record<RagStatus, number>;

    const reviews = await manager.find(ScrutinyReview, { where: { inspectionId }, order: { sequence: 'ASC' } });
    const held = reviews.filter((review) => review.status === 'held');
    const last = held.at(-1);
    const next = reviews.find((review) => review.status === 'scheduled');
    const outcomes = last ? await manager.findBy(ScrutinyReviewOutcome, { reviewId: last.id }) : [];
    const areaReference = new Map(areas.map((area) => [area.id, String(area.position)]));
    const context = inspection.snapshot.context as { submittedOn: IsoDate | null; submittedLate: boolean };
    const since = last?.recordedAt ?? (context.submittedOn ? `${context.submittedOn}T00:00:00.000Z` : null);

    return {
      today: this.clock.today(),
      authority: authority.name,
      framework: inspection.framework,
      frameworkName: framework?.name ?? inspection.framework,
      startedOn: inspection.startedOn,
      endedOn: inspection.endedOn,
      publishedOn: inspection.publishedOn,
      actionPlanDueOn: inspection.actionPlanDueOn,
      plan: { state: inspection.state, submittedOn: context.submittedOn, submittedLate: context.submittedLate },
      planLead: personView(people, inspection.planLeadId),
      overallEffectiveness: inspection.overallEffectiveness ? grade(inspection.overallEffectiveness) : null,
      judgements: judgements.map((judgement) => ({ area: judgement.area, grade: grade(judgement.grade) })),
      scrutinyCommittee: inspection.scrutinyCommittee,
      areas: planAreas,
      totals: { ...totals, actions: all.length },
      lastReview: last
        ? {
            sequence: last.sequence,
            meetingOn: last.meetingOn!,
            committee: last.committee!,
            outcomes: outcomes
              .map((outcome) => ({
                reference: areaReference.get(outcome.areaId) ?? '?',
                outcome: outcome.outcome,
                comment: outcome.comment,
              }))
              .sort((a, b) => a.reference.localeCompare(b.reference, 'en', { numeric: true })),
          }
        : null,
      nextReview: next ? { sequence: next.sequence, dueOn: next.dueOn } : null,
      changesSince: since ? since.slice(0, 10) : null,
      changes: since ? await this.changes(manager, inspectionId, since, areas, actions) : [],
    };
  }

  /** The history since a moment, in a committee's words: what was completed, moved, added, closed. */
  private async changes(
    manager: EntityManager,
    inspectionId: string,
    since: string,
    areas: ImprovementArea[],
    actions: Action[],
  ): Promise<PlanChange[]> {
    const events = await manager.find(AuditEvent, {
      where: { inspectionId, at: MoreThan(since), entityType: In(['action', 'improvement_area']) },
      order: { id: 'ASC' },
    });
    const areaById = new Map(areas.map((area) => [area.id, area]));
    const reference = (event: AuditEvent) => {
      if (event.entityType === 'improvement_area') return `Area ${areaById.get(event.entityId)?.position ?? '?'}`;
      const action = actions.find((candidate) => candidate.id === event.entityId);
      return action ? `Action ${areaById.get(action.areaId)?.position ?? '?'}.${action.position}` : 'Action';
    };
    return events.flatMap((event): PlanChange[] => {
      const describe = (what: string) => [{ at: event.at, reference: reference(event), what }];
      const moved = event.details?.dueOn;
      if (event.event === 'CREATED') return describe('added');
      if (event.event === 'REASSIGNED') return describe(`reassigned by ${event.actorName}`);
      if (event.event === 'UPDATED' && moved && typeof moved === 'object')
        return describe(`due date moved from ${moved.from ?? 'none'} to ${moved.to ?? 'none'}`);
      const words = STATE_WORDS[event.event];
      return words ? describe(`${words}${event.comment ? `: ${event.comment}` : ''}`) : [];
    });
  }
}
