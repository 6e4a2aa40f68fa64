import { KeptByPlanVersion } from '../audit/kept-by-plan-version.js';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { actionPlanWorkflow, UNSUBMITTED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { inWords } from '../../workflows/workflow.js';
import type { ActionTally } from '../actions/action-tally.entity.js';
import { actionRepository } from '../actions/action.repository.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { Policy, type FrameworkPolicy } from '../config/policy.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { FollowUps } from '../moves/follow-ups.js';
import { saveVersioned } from '../moves/versioned-update.js';
import { WorkflowRunner } from '../moves/workflow-runner.js';
import { RAG_STATUSES, type RagStatus } from '../rag/rag-rules.js';
import { RagService } from '../rag/rag.service.js';
import { nextReviewView } from '../scrutiny/next-review.js';
import { reviewRepository } from '../scrutiny/review.repository.js';
import { peopleById, personView } from '../users/people.js';
import type { Person } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { timeframeDueOn } from '../improvement-areas/timeframes.js';
import { asksFor, DeadlinesService, type DeadlineFacts, type PlanDeadlines } from './deadlines.service.js';
import type {} from './inspection.changes.js';
import type { CreateInspectionDto, PlanEventDto, UpdateInspectionDto } from './inspection.dto.js';
import { impossibleDates } from './inspection-dates.js';
import { Inspection } from './inspection.entity.js';
import { inspectionRepository, type DashboardTally } from './inspection.repository.js';
import { MovePlan } from './move-plan.js';

/** A few hundred plans' dashboards. */
const RATINGS_BY_AREA = new KeptByPlanVersion<Map<string, Record<RagStatus, number>>>(500);

@Injectable()
export class InspectionsService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
    private readonly followUps: FollowUps,
    private readonly movePlan: MovePlan,
    private readonly policy: Policy,
    private readonly rag: RagService,
    private readonly runner: WorkflowRunner,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  create(dto: CreateInspectionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => this.view(manager, await this.createWith(manager, dto, actor)));
  }

  /** Records an inspection inside the caller's transaction, so an import can add its areas in the same one. */
  async createWith(manager: EntityManager, dto: CreateInspectionDto, actor: Person): Promise<Inspection> {
    const framework = this.framework(dto.framework);
    const { facts: letter, problems: letterProblems } = this.letterFacts(
      framework,
      {
        receivedOn: dto.receivedOn ?? dto.publishedOn,
        receiptConfirmed: dto.receivedOn !== undefined,
        priorityAction: dto.priorityAction ?? false,
        statementRequired: dto.statementRequired ?? null,
        principalAuthority: dto.principalAuthority?.trim() || null,
        statedDraftPlanDueOn: dto.statedDraftPlanDueOn ?? null,
        statedActionPlanDueOn: dto.statedActionPlanDueOn ?? null,
      },
      dto,
    );
    refuseProblems(
      this.checkGrades(framework, dto),
      impossibleDates(
        { startedOn: dto.startedOn, endedOn: dto.endedOn, publishedOn: dto.publishedOn, receivedOn: dto.receivedOn },
        this.clock.today(),
      ),
      letterProblems,
    );

    const authority = await inspectionRepository.authorityNamed(manager, dto.authority.trim());
    const planLead = dto.planLead ? await this.users.resolve(manager, dto.planLead) : null;
    const scrutinyClerk = dto.scrutinyClerk ? await this.users.resolve(manager, dto.scrutinyClerk) : null;

    const inspection = manager.create(Inspection, {
      id: randomUUID(),
      authorityId: authority.id,
      framework: framework.code,
      startedOn: dto.startedOn ?? null,
      endedOn: dto.endedOn ?? null,
      leadInspector: dto.leadInspector?.trim() || null,
      publishedOn: dto.publishedOn,
      ...letter,
      overallEffectiveness: dto.overallEffectiveness ?? null,
      planLeadId: planLead?.id ?? null,
      scrutinyCommittee: dto.scrutinyCommittee?.trim() || null,
      scrutinyClerkId: scrutinyClerk?.id ?? null,
      ...this.deadlines.forInspection(framework, letter),
      createdAt: this.clock.now().toISOString(),
      ...this.runner.initialColumns<Inspection>(actionPlanWorkflow),
    });
    const judgements = (dto.judgements ?? []).map((judgement) => ({ area: judgement.area.trim(), grade: judgement.grade }));
    await inspectionRepository.insert(manager, inspection, judgements);
    await this.audit.record(manager, {
      entityType: 'inspection',
      entityId: inspection.id,
      inspectionId: inspection.id,
      event: 'CREATED',
      toState: inspection.state,
      actor,
      details: { actionPlanDueOn: inspection.actionPlanDueOn },
    });
    await this.followUps.publish(manager, 'inspection:written', {
      record: inspection,
      created: true,
      changed: Object.keys(inspection),
      actor,
    });
    return inspection;
  }

  list() {
    return this.unitOfWork.read(async (manager) => {
      const inspections = await inspectionRepository.all(manager);
      const authorities = await inspectionRepository.authorityNames(
        manager,
        inspections.map((inspection) => inspection.authorityId),
      );
      return inspections.map((inspection) => ({
        id: inspection.id,
        authority: authorities.get(inspection.authorityId),
        framework: inspection.framework,
        frameworkName: this.policy.frameworkName(inspection.framework),
        publishedOn: inspection.publishedOn,
        actionPlanDueOn: inspection.actionPlanDueOn,
        draftPlanDueOn: inspection.draftPlanDueOn,
        deadlines: this.describeDeadlines(inspection),
        workingDaysLeft: this.workingDaysLeft(inspection),
        planState: inspection.state,
        draftSentOn: inspection.snapshot.context.draftSentOn ?? null,
        submittedOn: inspection.snapshot.context.submittedOn,
        submittedLate: inspection.snapshot.context.submittedLate,
      }));
    });
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => this.view(manager, await this.find(manager, id)));
  }

  /** Each area's actions counted by the rules' rating: every action of the plan rated, so kept while the plan and the day are the same. */
  private async ratingsByArea(manager: EntityManager, areas: Array<{ id: string }>): Promise<Map<string, Record<RagStatus, number>>> {
    const planActions = await actionRepository.inAreas(
      manager,
      areas.map((area) => area.id),
    );
    const rated = await this.rag.rateActions(manager, planActions, { statusOnly: true });
    return new Map(
      areas.map((area) => {
        const own = planActions.filter((action) => action.areaId === area.id);
        const ratings = Object.fromEntries(
          RAG_STATUSES.map((status) => [status, own.filter((action) => rated.get(action.id)!.rating.status === status).length]),
        ) as Record<RagStatus, number>;
        return [area.id, ratings];
      }),
    );
  }

  /**
   * Each area's actions counted by the rules' rating, by their owners' own RAG and by state: the plan at
   * a glance. The owners' RAG and the states come from tallies kept by the database; the rules' rating
   * depends on today, so it is worked out here, by the one function every page and paper uses.
   */
  dashboard(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const inspection = await this.find(manager, id);
      const rows = await inspectionRepository.dashboardRows(manager, id);
      const version = `${this.clock.today()} ${await this.audit.latestIdOfPlan(manager, id)}`;
      const ratingsByArea = await RATINGS_BY_AREA.get(
        id,
        version,
        () => this.ratingsByArea(manager, rows),
        () => this.audit.entryCounts(manager, id),
      );
      const areas = rows.map((row): DashboardArea => {
        const ratings = ratingsByArea.get(row.id)!;
        const actions: DashboardArea['actions'] = { ratings, rag: { red: 0, amber: 0, green: 0, unrated: 0 }, states: {} };
        // SQLite gives the JSON as text, PostgreSQL parsed, and null (PostgreSQL) or [] (SQLite) for an area without actions.
        const tallies = (typeof row.tallies === 'string' ? JSON.parse(row.tallies) : (row.tallies ?? [])) as DashboardTally[];
        for (const [rag, state, count] of tallies) {
          actions.rag[rag] += count;
          actions.states[state] = (actions.states[state] ?? 0) + count;
        }
        return { id: row.id, reference: String(row.position), title: row.title, state: row.state, actions };
      });
      return {
        id,
        planState: inspection.state,
        actionPlanDueOn: inspection.actionPlanDueOn,
        workingDaysLeft: this.workingDaysLeft(inspection),
        areas,
      };
    });
  }

  update(id: string, dto: UpdateInspectionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const inspection = await this.find(manager, id);
      const framework = this.framework(inspection.framework);
      const kept = <K extends keyof Inspection>(key: K, value: Inspection[K] | undefined): Inspection[K] =>
        value === undefined ? inspection[key] : value;
      const { facts: letter, problems: letterProblems } = this.letterFacts(
        framework,
        {
          // Until the council says when the report arrived, the publication date stands in for it, and moves with it.
          receivedOn: dto.receivedOn ?? (inspection.receiptConfirmed ? inspection.receivedOn : (dto.publishedOn ?? inspection.publishedOn)),
          // Saying when the report arrived, even the day it was published, confirms it.
          receiptConfirmed: dto.receivedOn !== undefined || inspection.receiptConfirmed,
          priorityAction: kept('priorityAction', dto.priorityAction),
          statementRequired: kept('statementRequired', dto.statementRequired),
          principalAuthority: dto.principalAuthority === undefined ? inspection.principalAuthority : dto.principalAuthority?.trim() || null,
          statedDraftPlanDueOn: kept('statedDraftPlanDueOn', dto.statedDraftPlanDueOn),
          statedActionPlanDueOn: kept('statedActionPlanDueOn', dto.statedActionPlanDueOn),
        },
        dto,
      );
      refuseProblems(
        dto.overallEffectiveness !== undefined ? this.checkGrades(framework, { overallEffectiveness: dto.overallEffectiveness }) : {},
        impossibleDates(
          {
            startedOn: dto.startedOn ?? inspection.startedOn,
            endedOn: dto.endedOn ?? inspection.endedOn,
            publishedOn: dto.publishedOn ?? inspection.publishedOn,
            // An unconfirmed date of receipt is the publication date, checked as that.
            receivedOn: letter.receiptConfirmed ? letter.receivedOn : undefined,
          },
          this.clock.today(),
        ),
        letterProblems,
        this.deadlinesKept(
          inspection,
          this.deadlines.forInspection(framework, inspection),
          this.deadlines.forInspection(framework, letter),
          dto,
        ),
      );
      const authority = dto.authority ? await inspectionRepository.authorityNamed(manager, dto.authority.trim()) : undefined;
      const planLead = dto.planLead ? await this.users.resolve(manager, dto.planLead) : undefined;
      const scrutinyClerk = dto.scrutinyClerk ? await this.users.resolve(manager, dto.scrutinyClerk) : undefined;
      const before = await peopleById(manager, [inspection.planLeadId, inspection.scrutinyClerkId]);
      const previousAuthority = authority
        ? (await inspectionRepository.authorityNames(manager, [inspection.authorityId])).get(inspection.authorityId)
        : undefined;
      const details = await saveVersioned(
        manager,
        Inspection,
        inspection,
        dto.version,
        {
          authorityId: authority?.id,
          startedOn: dto.startedOn,
          endedOn: dto.endedOn,
          leadInspector: dto.leadInspector?.trim(),
          publishedOn: dto.publishedOn,
          ...letter,
          overallEffectiveness: dto.overallEffectiveness,
          planLeadId: planLead?.id,
          scrutinyCommittee: dto.scrutinyCommittee?.trim(),
          scrutinyClerkId: scrutinyClerk?.id,
          ...this.deadlines.forInspection(framework, letter),
        },
        'inspection',
      );
      if (Object.keys(details).length > 0) {
        await this.followUps.publish(manager, 'inspection:written', {
          record: inspection,
          created: false,
          changed: Object.keys(details),
          actor,
        });
        // Ids mean nothing to a reader of the history: name the council and the people instead.
        if (details.authorityId) details.authorityId = { from: previousAuthority ?? null, to: authority!.name };
        const email = (userId: unknown) => (typeof userId === 'string' ? (before.get(userId)?.email ?? null) : null);
        for (const [field, person] of [
          ['planLeadId', planLead],
          ['scrutinyClerkId', scrutinyClerk],
        ] as const) {
          const change = details[field];
          if (change && typeof change === 'object') details[field] = { from: email(change.from), to: person!.email };
        }
        await this.audit.record(manager, { entityType: 'inspection', entityId: id, inspectionId: id, event: 'UPDATED', actor, details });
      }
      return this.view(manager, inspection);
    });
  }

  applyEvent(id: string, dto: PlanEventDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const inspection = await this.find(manager, id, { forUpdate: true });
      await this.movePlan.apply(manager, inspection, {
        type: dto.type,
        actor,
        comment: dto.comment,
        expectedVersion: dto.version,
        happenedOn: dto.happenedOn,
      });
      return this.view(manager, inspection);
    });
  }

  /** How far building the plan has gone, for its task list: each area, whether it has a lead officer, and its actions that count towards approval. */
  async buildingProgress(id: string) {
    const progress = (await this.buildingProgressOf([id])).get(id);
    if (!progress) throw new NotFoundError('inspection', id);
    return progress;
  }

  /** The same for several plans in three queries, whatever their number (a director's Home). */
  buildingProgressOf(ids: readonly string[]) {
    return this.unitOfWork.read(async (manager) => {
      const inspections = await inspectionRepository.byIds(manager, ids);
      const areas = await areaRepository.ofPlans(manager, ids);
      const readiness = await actionRepository.readiness(
        manager,
        areas.map((area) => area.id),
      );
      return new Map(
        inspections.map((inspection) => [
          inspection.id,
          {
            planState: inspection.state,
            areas: areas
              .filter((area) => area.inspectionId === inspection.id)
              .map((area) => ({
                id: area.id,
                hasLeadOfficer: area.leadOfficerId !== null,
                readyActions: readiness.get(area.id)?.ready ?? 0,
              })),
          },
        ]),
      );
    });
  }

  planEventChecks(id: string) {
    return this.unitOfWork.read(async (manager) => this.movePlan.checks(manager, await this.find(manager, id)));
  }

  private async find(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<Inspection> {
    const inspection = await inspectionRepository.byId(manager, id, { forUpdate });
    if (!inspection) throw new NotFoundError('inspection', id);
    return inspection;
  }

  private framework(code: string): FrameworkPolicy {
    const framework = this.policy.frameworks.get(code);
    if (!framework) {
      throw new InvalidInputError({
        framework: ['Select the inspection framework: ILACS, SIF or a 2011 inspection, as this service knows them'],
      });
    }
    return framework;
  }

  private checkGrades(framework: FrameworkPolicy, dto: Pick<CreateInspectionDto, 'judgements' | 'overallEffectiveness'>): Problems {
    const scale = Object.keys(framework.grades);
    const problem =
      scale.length > 0
        ? `Select a grade on the ${framework.code} scale`
        : `Leave the grade out: ${framework.code} inspections are not graded`;
    const fields: Record<string, string[]> = {};
    (dto.judgements ?? []).forEach((judgement, index) => {
      if (!scale.includes(judgement.grade)) fields[`judgements.${index}.grade`] = [problem];
    });
    if (dto.overallEffectiveness !== undefined && !scale.includes(dto.overallEffectiveness)) {
      fields.overallEffectiveness = [problem];
    }
    return fields;
  }

  /**
   * What Ofsted's letter settles, checked against the framework: a date can be stated only for a plan
   * Ofsted asks for, and only after the report arrived; a plan no longer asked for (priority action or
   * a statement no longer required) keeps no stated date. `given` is what the request itself said.
   */
  private letterFacts<T extends DeadlineFacts & Pick<Inspection, 'principalAuthority'>>(
    framework: FrameworkPolicy,
    facts: T,
    given: Partial<Record<keyof T, unknown>>,
  ): { facts: T; problems: Problems } {
    const fields: Record<string, string[]> = {};
    const decidedByLetter = (code: string) =>
      Object.values(this.policy.frameworks.get(code)?.deadlines ?? {}).some((rule) => rule?.onlyWhenRequired);
    if (facts.statementRequired !== null && !decidedByLetter(framework.code)) {
      const codes = [...this.policy.frameworks.keys()].filter(decidedByLetter).join(', ');
      fields.statementRequired = [`Whether a written statement is required is recorded only where Ofsted’s letter decides it (${codes})`];
    }
    if (facts.principalAuthority !== null && !framework.principalAuthority) {
      const codes = [...this.policy.frameworks.values()].filter((f) => f.principalAuthority).map((f) => f.code);
      fields.principalAuthority = [`A principal authority is recorded only where Ofsted’s letter names one (${codes.join(', ')})`];
    }
    const stated = { ...facts };
    for (const [field, rule, plan] of [
      ['statedDraftPlanDueOn', framework.deadlines.draftActionPlan, 'draft plan'],
      ['statedActionPlanDueOn', framework.deadlines.actionPlan, 'action plan'],
    ] as const) {
      if (!rule || !asksFor(rule, facts)) {
        if (given[field]) fields[field] = [`Leave the date out: Ofsted asks for no ${plan} after this inspection`];
        stated[field] = null;
      } else if (facts[field] !== null && facts[field] <= facts.receivedOn) {
        fields[field] = [`The date the ${plan} is due must be after the date the council received the report`];
      }
    }
    if (stated.statedDraftPlanDueOn && stated.statedActionPlanDueOn && stated.statedDraftPlanDueOn >= stated.statedActionPlanDueOn) {
      fields.statedDraftPlanDueOn = ['The date the draft plan is due must be before the date the final action plan is due'];
    }
    return { facts: stated, problems: fields };
  }

  /**
   * A plan (or its draft) once sent was judged against the date it was due then: a change to the letter's dates, the
   * date of receipt or the publication date that would move that date is refused, with why. Both dates are counted
   * by today's rules, so that only the change asked for is judged, not a bank holiday added to config/ since.
   */
  private deadlinesKept(inspection: Inspection, before: PlanDeadlines, after: PlanDeadlines, dto: UpdateInspectionDto): Problems {
    const { submittedOn, draftSentOn } = inspection.snapshot.context;
    const field = (stated: keyof UpdateInspectionDto) =>
      ([stated, 'receivedOn', 'publishedOn', 'priorityAction', 'statementRequired'] as const).find((key) => dto[key] !== undefined) ??
      stated;
    const then = (dueOn: string | null) => (dueOn ? `the date it was due then, ${inWords(dueOn)}, is` : 'it had no date then, and that is');
    const problems: Problems = {};
    if (!UNSUBMITTED_PLAN_STATES.includes(inspection.state) && submittedOn && after.actionPlanDueOn !== before.actionPlanDueOn) {
      problems[field('statedActionPlanDueOn')] = [
        `The plan went to Ofsted on ${inWords(submittedOn)}: ${then(inspection.actionPlanDueOn)} what its sending was judged against, so it cannot change now`,
      ];
    }
    if (draftSentOn && after.draftPlanDueOn !== before.draftPlanDueOn) {
      problems[field('statedDraftPlanDueOn')] ??= [
        `The draft plan went to Ofsted on ${inWords(draftSentOn)}: ${then(inspection.draftPlanDueOn)} what its sending was judged against, so it cannot change now`,
      ];
    }
    return problems;
  }

  /** The plan's deadlines and what each rests on: Ofsted's date, or a count from receipt, provisional until receipt is confirmed. */
  private describeDeadlines(inspection: Inspection) {
    const framework = this.policy.frameworks.get(inspection.framework);
    // A framework taken out of config/ leaves its inspections readable, with no deadlines to describe.
    return framework ? this.deadlines.describe(framework, inspection) : { draftPlan: null, actionPlan: null };
  }

  private workingDaysLeft(inspection: Inspection): number | null {
    return UNSUBMITTED_PLAN_STATES.includes(inspection.state)
      ? this.deadlines.workingDaysLeft(this.clock.today(), inspection.actionPlanDueOn)
      : null;
  }

  private async view(manager: EntityManager, inspection: Inspection) {
    const framework = this.framework(inspection.framework);
    const authorities = await inspectionRepository.authorityNames(manager, [inspection.authorityId]);
    const judgements = await inspectionRepository.judgements(manager, inspection.id);
    const areas = await areaRepository.ofPlan(manager, inspection.id);
    const grade = (key: string) => ({ grade: key, label: framework.grades[key] ?? key });
    const plan = inspection.snapshot.context;
    const people = await peopleById(manager, [
      inspection.planLeadId,
      inspection.scrutinyClerkId,
      ...areas.map((area) => area.leadOfficerId),
    ]);
    const nextReview = await reviewRepository.nextOfPlan(manager, inspection.id);
    return {
      id: inspection.id,
      authority: authorities.get(inspection.authorityId)!,
      framework: framework.code,
      frameworkName: framework.name,
      startedOn: inspection.startedOn,
      endedOn: inspection.endedOn,
      leadInspector: inspection.leadInspector,
      publishedOn: inspection.publishedOn,
      receivedOn: inspection.receivedOn,
      receiptConfirmed: inspection.receiptConfirmed,
      priorityAction: inspection.priorityAction,
      statementRequired: inspection.statementRequired,
      principalAuthority: inspection.principalAuthority,
      statedDraftPlanDueOn: inspection.statedDraftPlanDueOn,
      statedActionPlanDueOn: inspection.statedActionPlanDueOn,
      planLead: personView(people, inspection.planLeadId),
      scrutinyCommittee: inspection.scrutinyCommittee,
      scrutinyClerk: personView(people, inspection.scrutinyClerkId),
      nextReview: nextReviewView(nextReview, this.clock.today()),
      overallEffectiveness: inspection.overallEffectiveness ? grade(inspection.overallEffectiveness) : null,
      judgements: judgements.map((judgement) => ({ area: judgement.area, ...grade(judgement.grade) })),
      draftPlanDueOn: inspection.draftPlanDueOn,
      actionPlanDueOn: inspection.actionPlanDueOn,
      deadlines: this.describeDeadlines(inspection),
      /** Working days from today to the deadline while the plan is unsubmitted; negative once it has passed. */
      workingDaysLeft: this.workingDaysLeft(inspection),
      plan: {
        state: inspection.state,
        acceptedEvents: this.movePlan.acceptedEvents(inspection),
        approvedOn: plan.approvedOn,
        deadlineMissedOn: plan.deadlineMissedOn,
        draftSentOn: plan.draftSentOn ?? null,
        draftSentLate: plan.draftSentLate ?? false,
        submittedOn: plan.submittedOn,
        submittedLate: plan.submittedLate,
      },
      areas: areas.map((area) => ({
        id: area.id,
        reference: String(area.position),
        title: area.title,
        timeframe: area.timeframe,
        dueOn: timeframeDueOn(this.policy, area.timeframe, inspection.publishedOn),
        state: area.state,
        leadOfficer: personView(people, area.leadOfficerId),
      })),
      version: inspection.version,
    };
  }
}

interface DashboardArea {
  id: string;
  reference: string;
  title: string;
  state: string;
  actions: { ratings: Record<RagStatus, number>; rag: Record<ActionTally['rag'], number>; states: Record<string, number> };
}

type Problems = Record<string, string[]>;

/** Where each field comes on the forms and in the API's description: every problem is told at once, in this order. */
const FIELD_ORDER = [
  'authority',
  'framework',
  'startedOn',
  'endedOn',
  'leadInspector',
  'publishedOn',
  'receivedOn',
  'priorityAction',
  'statedActionPlanDueOn',
  'statedDraftPlanDueOn',
  'statementRequired',
  'principalAuthority',
  'overallEffectiveness',
  'planLead',
  'scrutinyCommittee',
  'scrutinyClerk',
  'judgements',
];

/** Refuses the change with every problem found, in the order the fields come; does nothing when there are none. */
function refuseProblems(...found: Problems[]): void {
  const fields = found.reduce<Problems>((all, problems) => ({ ...all, ...problems }), {});
  const position = (path: string) => FIELD_ORDER.indexOf(path.split('.')[0]);
  const paths = Object.keys(fields).sort((a, b) => position(a) - position(b));
  if (paths.length > 0) throw new InvalidInputError(Object.fromEntries(paths.map((path) => [path, fields[path]])));
}
