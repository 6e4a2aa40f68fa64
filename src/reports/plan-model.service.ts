import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ACTION_STATES, type ActionState } from '../../workflows/action.machine.js';
import type { ActionPlanState } from '../../workflows/action-plan.machine.js';
import { IMPROVEMENT_AREA_STATES, type ImprovementAreaState } from '../../workflows/improvement-area.machine.js';
import type { Action } from '../actions/action.entity.js';
import { actionRepository } from '../actions/action.repository.js';
import type { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { KeptByPlanVersion } from '../audit/kept-by-plan-version.js';
import { inWords } from '../../workflows/workflow.js';
import { Clock } from '../common/clock.js';
import type { IsoDate } from '../common/dates.js';
import { NotFoundError } from '../common/errors.js';
import { Policy } from '../config/policy.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { dueAfterArea, timeframeDueOn } from '../improvement-areas/timeframes.js';
import { PAPER_EDITION } from './committee-paper.js';
import { DeadlinesService, type Deadline } from '../inspections/deadlines.service.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import type { AreaRagRating, RagRating, RagStatus } from '../rag/rag-rules.js';
import { RagService, type RatedAction } from '../rag/rag.service.js';
import { reviewRepository } from '../scrutiny/review.repository.js';
import type { ReviewOutcome } from '../scrutiny/review-outcomes.js';
import type { ScrutinyReview } from '../scrutiny/scrutiny-review.entity.js';
import { comparedPlan, comparePlans, type ComparedPlan, type PlanComparison } from '../snapshots/plan-comparison.js';
import { snapshotRepository } from '../snapshots/snapshot.repository.js';
import {
  measureFacts,
  type MeasureDirection,
  type MeasureFrequency,
  type MeasureRating,
  type MeasureUnit,
  type Period,
  type Point,
} from '../measures/measure-rating.js';
import { londonDate } from '../common/dates.js';
import { burnUp, ratingsByMonth, type PlanProgress } from './plan-progress.js';
import { peopleById, personView } from '../users/people.js';

type Person = { name: string; email: string } | null;

export interface PlanAction {
  /** The action's id: how two snapshots of the plan match an action whose reference has changed. */
  id?: string;
  reference: string;
  title: string;
  owner: Person;
  dueOn: IsoDate | null;
  /** Due after the date its area's timeframe gives. */
  dueAfterArea: boolean;
  successMeasure: string | null;
  /** How many times its due date has moved; absent from snapshots taken before it was kept. */
  dueDateMoves?: number;
  state: ActionState;
  rating: RagRating;
  latestUpdate: RatedAction['latestUpdate'];
}

/** A measure of impact as the committee reads it: its line from baseline to target, its values and its rating. */
export interface PlanMeasure {
  id: string;
  name: string;
  unit: MeasureUnit;
  direction: MeasureDirection;
  frequency: MeasureFrequency;
  baseline: Point;
  target: Point;
  milestones: Point[];
  owner: Person;
  /** Oldest first. */
  values: Array<{ period: Period; value: number }>;
  rating: MeasureRating;
}

export interface PlanArea {
  reference: string;
  title: string;
  timeframe: string | null;
  /** The date its timeframe gives, from publication; null when it gives none. */
  dueOn: IsoDate | null;
  leadOfficer: Person;
  /** The lead officer's summary of progress, with when and by whom it was written; a snapshot taken before summaries has none. */
  narrative?: { text: string; writtenOn: IsoDate | null; by: Person; confirmedOn?: IsoDate; confirmedBy?: Person } | null;
  state: ImprovementAreaState;
  rating: AreaRagRating;
  actions: PlanAction[];
  /** Absent from snapshots taken before measures were frozen with the plan. */
  measures?: PlanMeasure[];
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
  /** What each deadline rests on: Ofsted's letter, or a count from receipt (provisional until receipt is confirmed). */
  deadlines: { draftPlan: Deadline | null; actionPlan: Deadline | null };
  plan: {
    state: ActionPlanState;
    draftSentOn: IsoDate | null;
    draftSentLate: boolean;
    /** Cabinet's approval; absent from snapshots taken before it was kept here. */
    approvedOn?: IsoDate | null;
    submittedOn: IsoDate | null;
    submittedLate: boolean;
  };
  /** A JTAI: whether the letter requires a written statement (null: not recorded), and who leads it. */
  statementRequired: boolean | null;
  principalAuthority: string | null;
  planLead: Person;
  overallEffectiveness: string | null;
  judgements: Array<{ area: string; grade: string }>;
  scrutinyCommittee: string | null;
  areas: PlanArea[];
  /** Counts of actions per rating across the plan. */
  totals: Record<RagStatus, number> & { actions: number };
  lastReview: HeldReview | null;
  /** `meetingSet`: its date is the committee's meeting, as the clerk set it; absent from snapshots taken before edition 9. */
  nextReview: { sequence: number; dueOn: IsoDate; meetingSet?: boolean } | null;
  /**
   * Only in a review's own snapshot: the review the committee held on the plan as it stands here, with what it
   * concluded. The last review is then the one before it, and the next review this one, as the paper for its meeting reads.
   */
  heldReview?: HeldReview;
  /** Since the last review (or since submission, before the first): what moved, oldest first. */
  changesSince: IsoDate | null;
  changes: PlanChange[];
  /** Against the snapshot taken when the last review was recorded: what changed, action by action; null before there is one. */
  sinceLastReview?: SinceLastReview | null;
  /** Absent from snapshots taken before progress was frozen with the plan. */
  progress?: PlanProgress;
  /** The committee paper's wording the plan is written in (PAPER_EDITION); absent from snapshots taken before there were editions. */
  paperEdition?: number;
}

export interface HeldReview {
  sequence: number;
  meetingOn: IsoDate;
  committee: string;
  outcomes: Array<{ reference: string; outcome: ReviewOutcome; comment: string | null }>;
}

export interface SinceLastReview {
  /** The meeting of the review whose snapshot this is compared with, and the day that snapshot was taken. */
  meetingOn: IsoDate | null;
  takenOn: IsoDate;
  changes: PlanComparison;
}

/** Each event as the committee reads it; where it lands on a state, the state's own name says what happened. */
const STATE_WORDS: Record<string, string> = {
  START: 'started',
  COMPLETE: ACTION_STATES.completed,
  BLOCK: ACTION_STATES.blocked,
  UNBLOCK: 'unblocked',
  CANCEL: ACTION_STATES.cancelled,
  REOPEN: 'reopened',
  SEND_TO_SCRUTINY: 'sent to scrutiny',
  ASSURE_PROGRESS: 'assured on progress',
  REQUEST_FURTHER_ASSURANCE: 'further assurance requested',
  ESCALATE: 'escalated',
  CLOSE: IMPROVEMENT_AREA_STATES.closed,
  START_DELIVERY: 'delivery started',
};

/** The plans read most recently, each as it stands: a large plan's model is some megabytes. */
const CURRENT_MODELS = new KeptByPlanVersion<PlanModel>(20);

@Injectable()
export class PlanModelService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
    private readonly policy: Policy,
    private readonly rag: RagService,
  ) {}

  /**
   * The plan as it stands, worked out once for each version of it: every document, the printable plan and
   * the Progress page read it, and a large plan takes tens of milliseconds of the event loop to read and rate.
   * Frozen, because every reader shares it.
   */
  async current(manager: EntityManager, inspectionId: string): Promise<PlanModel> {
    return CURRENT_MODELS.get(
      inspectionId,
      await this.version(manager, inspectionId),
      async () => deepFreeze(await this.load(manager, inspectionId)),
      () => this.entryCounts(manager, inspectionId),
    );
  }

  /**
   * What the model depends on besides policy: the day (ratings count from today), the plan's latest audit
   * entry (every change to a plan is audited), the latest change to an account (names appear in it) and how
   * many snapshots the plan has (month-end snapshots are taken by the service, not audited).
   */
  async version(manager: EntityManager, inspectionId: string): Promise<string> {
    const [plan, accounts, snapshots] = [
      await this.audit.latestIdOfPlan(manager, inspectionId),
      await this.audit.latestAccountChange(manager),
      await snapshotRepository.countOf(manager, inspectionId),
    ];
    return `${this.clock.today()} ${plan} ${accounts} ${snapshots}`;
  }

  /** What the version cannot see: entries committed below its latest id (KeptByPlanVersion). */
  entryCounts(manager: EntityManager, inspectionId: string): Promise<string> {
    return this.audit.entryCounts(manager, inspectionId);
  }

  /**
   * The plan read afresh, as a snapshot must be, inside the snapshot's own transaction; `heldReviewId`, for the snapshot
   * of a review just recorded, frames it as that review's meeting saw it.
   */
  async load(manager: EntityManager, inspectionId: string, { heldReviewId }: { heldReviewId?: string | null } = {}): Promise<PlanModel> {
    const inspection = await inspectionRepository.byId(manager, inspectionId);
    if (!inspection) throw new NotFoundError('inspection', inspectionId);
    const framework = this.policy.frameworks.get(inspection.framework);
    const grade = (key: string) => framework?.grades[key] ?? key;
    const authority = (await inspectionRepository.authorityNames(manager, [inspection.authorityId])).get(inspection.authorityId)!;
    const judgements = await inspectionRepository.judgements(manager, inspectionId);
    const areas = await areaRepository.ofPlan(manager, inspectionId);
    const actions = await actionRepository.inAreas(
      manager,
      areas.map((area) => area.id),
    );
    const people = await peopleById(manager, [
      inspection.planLeadId,
      ...areas.map((a) => a.leadOfficerId),
      ...areas.map((a) => a.narrativeById),
      ...areas.map((a) => a.narrativeConfirmedById),
      ...actions.map((a) => a.ownerId),
    ]);
    const rated = await this.rag.rateActions(manager, actions);
    const today = this.clock.today();
    const measures = await this.rag.rateMeasures(
      manager,
      areas.map((area) => area.id),
    );
    const owners = await peopleById(
      manager,
      measures.map(({ measure }) => measure.ownerId),
    );

    const planAreas = areas.map((area): PlanArea => {
      const areaDueOn = timeframeDueOn(this.policy, area.timeframe, inspection.publishedOn);
      const theirs = actions
        .filter((action) => action.areaId === area.id)
        .map((action): PlanAction => {
          const { rating, latestUpdate } = rated.get(action.id)!;
          return {
            id: action.id,
            reference: `${area.position}.${action.position}`,
            title: action.title,
            owner: personView(people, action.ownerId),
            dueOn: action.dueOn,
            dueAfterArea: dueAfterArea(action.dueOn, areaDueOn),
            successMeasure: action.successMeasure,
            dueDateMoves: action.dueDateMoves,
            state: action.state,
            rating,
            latestUpdate,
          };
        });
      const areaMeasures = measures
        .filter(({ measure }) => measure.areaId === area.id)
        .map(({ measure, values, rating }): PlanMeasure => ({
          id: measure.id,
          name: measure.name,
          ...measureFacts(measure),
          milestones: [...measure.milestones],
          owner: personView(owners, measure.ownerId),
          values,
          rating,
        }));
      return {
        reference: String(area.position),
        title: area.title,
        timeframe: area.timeframe,
        dueOn: areaDueOn,
        leadOfficer: personView(people, area.leadOfficerId),
        narrative: area.narrative
          ? {
              text: area.narrative,
              writtenOn: area.narrativeUpdatedOn,
              by: personView(people, area.narrativeById),
              // Only where it was confirmed: a snapshot keeps no more than the paper reads.
              ...(area.narrativeConfirmedOn
                ? { confirmedOn: area.narrativeConfirmedOn, confirmedBy: personView(people, area.narrativeConfirmedById) }
                : {}),
            }
          : null,
        state: area.state,
        rating: this.rag.rateArea(theirs, areaMeasures),
        actions: theirs,
        measures: areaMeasures,
      };
    });
    const all = planAreas.flatMap((area) => area.actions);
    const totals = Object.fromEntries(
      Object.keys(this.policy.rag.ratings).map((status) => [status, all.filter((a) => a.rating.status === status).length]),
    ) as Record<RagStatus, number>;

    const reviews = await reviewRepository.ofPlan(manager, inspectionId);
    const held = reviews.filter((review) => review.status === 'held');
    const thisReview = heldReviewId ? held.find((review) => review.id === heldReviewId) : undefined;
    const last = (thisReview ? held.filter((review) => review.sequence < thisReview.sequence) : held).at(-1);
    const next = thisReview ?? reviews.find((review) => review.status === 'scheduled');
    const outcomes = await reviewRepository.outcomesOf(
      manager,
      [last, thisReview].flatMap((review) => (review ? [review.id] : [])),
    );
    const areaReference = new Map(areas.map((area) => [area.id, String(area.position)]));
    const heldReview = (review: ScrutinyReview): HeldReview => ({
      sequence: review.sequence,
      meetingOn: review.meetingOn!,
      committee: review.committee!,
      outcomes: outcomes
        .filter((outcome) => outcome.reviewId === review.id)
        .map((outcome) => ({ reference: areaReference.get(outcome.areaId) ?? '?', outcome: outcome.outcome, comment: outcome.comment }))
        .sort((a, b) => a.reference.localeCompare(b.reference, 'en', { numeric: true })),
    });
    const context = inspection.snapshot.context;
    // From the moment the submission was recorded: what was done earlier that day was part of the plan as submitted.
    const since = last?.recordedAt ?? (context.submittedOn ? await this.audit.lastRecorded(manager, inspectionId, 'SUBMIT') : null);

    const model: PlanModel = {
      paperEdition: PAPER_EDITION,
      today,
      authority,
      framework: inspection.framework,
      frameworkName: this.policy.frameworkName(inspection.framework),
      startedOn: inspection.startedOn,
      endedOn: inspection.endedOn,
      publishedOn: inspection.publishedOn,
      actionPlanDueOn: inspection.actionPlanDueOn,
      deadlines: framework ? this.deadlines.describe(framework, inspection) : { draftPlan: null, actionPlan: null },
      plan: {
        state: inspection.state,
        draftSentOn: context.draftSentOn ?? null,
        draftSentLate: context.draftSentLate ?? false,
        approvedOn: context.approvedOn ?? null,
        submittedOn: context.submittedOn,
        submittedLate: context.submittedLate,
      },
      statementRequired: inspection.statementRequired,
      principalAuthority: inspection.principalAuthority,
      planLead: personView(people, inspection.planLeadId),
      overallEffectiveness: inspection.overallEffectiveness ? grade(inspection.overallEffectiveness) : null,
      judgements: judgements.map((judgement) => ({ area: judgement.area, grade: grade(judgement.grade) })),
      scrutinyCommittee: inspection.scrutinyCommittee,
      areas: planAreas,
      totals: { ...totals, actions: all.length },
      lastReview: last ? heldReview(last) : null,
      nextReview: next ? { sequence: next.sequence, dueOn: next.dueOn, meetingSet: next.meetingSet } : null,
      ...(thisReview && { heldReview: heldReview(thisReview) }),
      changesSince: since ? since.slice(0, 10) : null,
      changes: since ? await this.changes(manager, inspectionId, since, areas, actions) : [],
      progress: {
        ratings: this.policy.rag.ratings,
        ratingsByMonth: ratingsByMonth(await this.frozenCounts(manager, inspectionId), { today, counts: totals }),
        burnUp: burnUp(await this.completions(manager, inspectionId, actions), inspection.publishedOn, today),
      },
    };
    return { ...model, sinceLastReview: await this.sinceLastReview(manager, inspectionId, model) };
  }

  /**
   * How many actions had each rating in each of the plan's snapshots. A snapshot never changes, so what
   * is read of one is kept: the Progress page reads them all on every visit.
   */
  private async frozenCounts(manager: EntityManager, inspectionId: string) {
    const snapshots = await snapshotRepository.ofPlan(manager, inspectionId);
    const unread = snapshots.filter((snapshot) => !FROZEN_COUNTS.has(snapshot.id)).map((snapshot) => snapshot.id);
    for (const { id, totals } of await snapshotRepository.totalsOf(manager, unread)) {
      if (FROZEN_COUNTS.size >= FROZEN_COUNTS_KEPT) FROZEN_COUNTS.delete(FROZEN_COUNTS.keys().next().value!);
      FROZEN_COUNTS.set(id, JSON.parse(totals) as PlanModel['totals']);
    }
    return snapshots.map((snapshot) => ({
      takenAt: snapshot.takenAt,
      takenOn: snapshot.takenOn,
      period: snapshot.period,
      counts: FROZEN_COUNTS.get(snapshot.id)!,
    }));
  }

  /** Each action with the day in England it was last marked completed, for the burn-up. */
  private async completions(manager: EntityManager, inspectionId: string, actions: Action[]) {
    const completedAt = await this.audit.completionsInPlan(manager, inspectionId);
    return actions.map((action) => {
      const at = action.state === ACTION_STATES.completed ? completedAt.get(action.id) : undefined;
      return {
        dueOn: action.dueOn,
        cancelled: action.state === ACTION_STATES.cancelled,
        completedOn: at ? londonDate(new Date(at)) : null,
      };
    });
  }

  /**
   * The plan now against the snapshot of the last review recorded: what the committee is told has changed.
   * A snapshot never changes, so what a comparison reads of one is kept rather than parsed on every read.
   */
  private async sinceLastReview(manager: EntityManager, inspectionId: string, model: PlanModel): Promise<SinceLastReview | null> {
    const last = await snapshotRepository.lastOfReview(manager, inspectionId);
    if (!last) return null;
    let then = REVIEWED_PLANS.get(last.id);
    if (!then) {
      const [{ model: text }] = await snapshotRepository.modelsOf(manager, [last.id]);
      const frozen = JSON.parse(text) as PlanModel;
      // The review that snapshot records: its own, or the last, in one taken before a review's snapshot named its own.
      then = { meetingOn: (frozen.heldReview ?? frozen.lastReview)?.meetingOn ?? null, plan: comparedPlan(frozen) };
      if (REVIEWED_PLANS.size >= REVIEWED_PLANS_KEPT) REVIEWED_PLANS.delete(REVIEWED_PLANS.keys().next().value!);
      REVIEWED_PLANS.set(last.id, then);
    }
    return { meetingOn: then.meetingOn, takenOn: last.takenOn, changes: comparePlans(then.plan, model) };
  }

  /** The history since a moment, in a committee's words: what was completed, moved, added, closed. */
  private async changes(
    manager: EntityManager,
    inspectionId: string,
    since: string,
    areas: ImprovementArea[],
    actions: Action[],
  ): Promise<PlanChange[]> {
    const events = await this.audit.partsOfPlanSince(manager, inspectionId, since);
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
        return describe(
          `due date moved from ${dateInWords(moved.from)} to ${dateInWords(moved.to)}${event.comment ? `: ${event.comment}` : ''}`,
        );
      const words = STATE_WORDS[event.event];
      // A start from a progress update once began its comment with "Started: ": said once.
      const comment = event.comment?.replace(new RegExp(`^${words}: `, 'i'), '');
      return words ? describe(`${words}${comment ? `: ${comment}` : ''}`) : [];
    });
  }
}

/** Snapshot id to its counts of actions by rating; oldest read forgotten first. */
const FROZEN_COUNTS = new Map<string, Record<RagStatus, number>>();
const FROZEN_COUNTS_KEPT = 5000;

/** Snapshot id to what a comparison reads of that frozen plan; a few hundred plans' worth. */
const REVIEWED_PLANS = new Map<string, { meetingOn: IsoDate | null; plan: ComparedPlan }>();
const REVIEWED_PLANS_KEPT = 200;

const dateInWords = (date: unknown) => (typeof date === 'string' ? inWords(date) : 'none');

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
