import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { actionPlanWorkflow, type ActionPlanFacts } from '../../workflows/action-plan.machine.js';
import type { EventSource } from '../../workflows/workflow.js';
import { ActionTally } from '../actions/action-tally.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { EventRejectedError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { Policy, type FrameworkPolicy } from '../config/policy.js';
import { findRowById, selectRaw } from '../database/prepared-rows.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { peopleById, personView } from '../users/people.js';
import { ReminderPlanner } from '../reminders/reminder-planner.service.js';
import { ScrutinyReview } from '../scrutiny/scrutiny-review.entity.js';
import { ScrutinyService } from '../scrutiny/scrutiny.service.js';
import type { PersonDto } from '../users/person.dto.js';
import type { Person } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { saveVersioned } from '../moves/versioned-update.js';
import type { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { WorkflowRunner, type WorkflowSubject } from '../moves/workflow-runner.service.js';
import { Authority } from './authority.entity.js';
import { DeadlinesService } from './deadlines.service.js';
import type { CreateInspectionDto, UpdateInspectionDto } from './inspection.dto.js';
import { Inspection } from './inspection.entity.js';
import { Judgement } from './judgement.entity.js';

/** Named in the audit trail for what the service does by itself, such as recording a missed deadline. */
export const SERVICE_ACTOR: PersonDto = { name: 'Action plan service (automatic)', email: 'action-plan-service@system.invalid' };

@Injectable()
export class InspectionsService {
  private readonly logger = new Logger(InspectionsService.name);

  constructor(
    private readonly areas: ImprovementAreasService,
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
    private readonly policy: Policy,
    private readonly reminders: ReminderPlanner,
    private readonly runner: WorkflowRunner,
    private readonly scrutiny: ScrutinyService,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  create(dto: CreateInspectionDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => this.view(manager, await this.createWith(manager, dto, actor)));
  }

  /** Records an inspection inside the caller's transaction, so an import can add its areas in the same one. */
  async createWith(manager: EntityManager, dto: CreateInspectionDto, actor: Person): Promise<Inspection> {
    const framework = this.framework(dto.framework);
    this.checkGrades(framework, dto);
    this.checkDates(dto.startedOn, dto.endedOn);
    const receivedOn = dto.receivedOn ?? dto.publishedOn;
    const priorityAction = dto.priorityAction ?? false;

    const authorityName = dto.authority.trim();
    await manager.createQueryBuilder().insert().into(Authority).values({ id: randomUUID(), name: authorityName }).orIgnore().execute();
    const authority = await manager.findOneByOrFail(Authority, { name: authorityName });
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
      receivedOn,
      priorityAction,
      overallEffectiveness: dto.overallEffectiveness ?? null,
      planLeadId: planLead?.id ?? null,
      scrutinyCommittee: dto.scrutinyCommittee?.trim() || null,
      scrutinyClerkId: scrutinyClerk?.id ?? null,
      ...this.deadlines.forInspection(framework, receivedOn, priorityAction),
      createdAt: this.clock.now().toISOString(),
      ...this.runner.initialColumns(actionPlanWorkflow),
    });
    await manager.insert(Inspection, inspection);
    const judgements = (dto.judgements ?? []).map((judgement, index) =>
      manager.create(Judgement, {
        id: randomUUID(),
        inspectionId: inspection.id,
        position: index + 1,
        area: judgement.area.trim(),
        grade: judgement.grade,
      }),
    );
    if (judgements.length > 0) await manager.insert(Judgement, judgements);
    await this.reminders.planForPlan(manager, inspection);
    await this.audit.record(manager, {
      entityType: 'inspection',
      entityId: inspection.id,
      inspectionId: inspection.id,
      event: 'CREATED',
      toState: inspection.state,
      actor,
      details: { actionPlanDueOn: inspection.actionPlanDueOn },
    });
    return inspection;
  }

  list() {
    return this.unitOfWork.read(async (manager) => {
      const inspections = await manager.find(Inspection, { order: { publishedOn: 'DESC', createdAt: 'DESC' } });
      const authorities = new Map((await manager.find(Authority)).map((authority) => [authority.id, authority.name]));
      return inspections.map((inspection) => ({
        id: inspection.id,
        authority: authorities.get(inspection.authorityId),
        framework: inspection.framework,
        publishedOn: inspection.publishedOn,
        actionPlanDueOn: inspection.actionPlanDueOn,
        workingDaysLeft: this.workingDaysLeft(inspection),
        planState: inspection.state,
      }));
    });
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => this.view(manager, await this.find(manager, id)));
  }

  /**
   * Each area's actions counted by RAG rating and by state: the plan at a glance, in two statements
   * whatever its size. The counts are kept by the database as actions are written (ActionTally), and
   * nothing reads or parses a workflow snapshot.
   */
  dashboard(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const inspection = await this.find(manager, id);
      const rows = await selectRaw<DashboardRow>(
        manager,
        'dashboard:areas',
        (builder) => {
          // One row an area, its tallies gathered into JSON by the database: reading a row costs more than its values.
          const gather =
            builder.connection.options.type === 'postgres'
              ? 'json_agg(json_build_array(tally.rag, tally.state, tally.count))'
              : 'json_group_array(json_array(tally.rag, tally.state, tally.count))';
          return builder
            .createQueryBuilder(ImprovementArea, 'area')
            .select(['area.id AS id', 'area.position AS position', 'area.title AS title', 'area.state AS state'])
            .addSelect(
              (tallies) => tallies.select(gather).from(ActionTally, 'tally').where('tally.areaId = area.id AND tally.count > 0'),
              'tallies',
            )
            .where('area.inspectionId = :id')
            .orderBy('area.position');
        },
        { id },
      );
      const areas = rows.map((row): DashboardArea => {
        const actions: DashboardArea['actions'] = { rag: { red: 0, amber: 0, green: 0, unrated: 0 }, states: {} };
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
      if (dto.overallEffectiveness !== undefined) this.checkGrades(framework, { overallEffectiveness: dto.overallEffectiveness });
      this.checkDates(dto.startedOn ?? inspection.startedOn, dto.endedOn ?? inspection.endedOn);
      const receivedOn = dto.receivedOn ?? inspection.receivedOn;
      const priorityAction = dto.priorityAction ?? inspection.priorityAction;
      const planLead = dto.planLead ? await this.users.resolve(manager, dto.planLead) : undefined;
      const scrutinyClerk = dto.scrutinyClerk ? await this.users.resolve(manager, dto.scrutinyClerk) : undefined;
      const details = await saveVersioned(
        manager,
        Inspection,
        inspection,
        dto.version,
        {
          startedOn: dto.startedOn,
          endedOn: dto.endedOn,
          leadInspector: dto.leadInspector?.trim(),
          publishedOn: dto.publishedOn,
          receivedOn: dto.receivedOn,
          priorityAction: dto.priorityAction,
          overallEffectiveness: dto.overallEffectiveness,
          planLeadId: planLead?.id,
          scrutinyCommittee: dto.scrutinyCommittee?.trim(),
          scrutinyClerkId: scrutinyClerk?.id,
          ...this.deadlines.forInspection(framework, receivedOn, priorityAction),
        },
        'inspection',
      );
      await this.reminders.planForPlan(manager, inspection);
      if (details.scrutinyClerkId) await this.reminders.planForNextReview(manager, id);
      if (Object.keys(details).length > 0) {
        await this.audit.record(manager, { entityType: 'inspection', entityId: id, inspectionId: id, event: 'UPDATED', actor, details });
      }
      return this.view(manager, inspection);
    });
  }

  applyEvent(id: string, dto: WorkflowEventDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const inspection = await this.find(manager, id, { forUpdate: true });
      await this.transition(manager, inspection, dto.type, actor, dto.comment, dto.version);
      return this.view(manager, inspection);
    });
  }

  /** The plan's next steps with, for each, why it cannot be taken yet (if it cannot): for the inspection page. */
  planEventChecks(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const inspection = await this.find(manager, id);
      const areas = await manager.find(ImprovementArea, { where: { inspectionId: id }, order: { position: 'ASC' } });
      return this.runner.eventChecks(
        { record: inspection, workflow: actionPlanWorkflow },
        { ...(await this.facts(manager, inspection, areas)) },
      );
    });
  }

  /**
   * Puts the passing of each statutory deadline on the record, through the plan's workflow,
   * for plans still unsubmitted. Safe to run on several instances: a second recording is refused.
   */
  async recordMissedDeadlines(): Promise<number> {
    const today = this.clock.today();
    const overdue = await this.unitOfWork.read((manager) =>
      manager
        .createQueryBuilder(Inspection, 'inspection')
        .where('inspection.state IN (:...states)', { states: ['draft', 'approved'] })
        .andWhere('inspection.actionPlanDueOn < :today', { today })
        .getMany(),
    );
    let recorded = 0;
    for (const candidate of overdue.filter((inspection) => !inspection.snapshot.context.deadlineMissedOn)) {
      try {
        await this.unitOfWork.write(async (manager) => {
          const inspection = await this.find(manager, candidate.id);
          const service = await this.users.resolve(manager, SERVICE_ACTOR);
          const comment = `The statutory deadline of ${inspection.actionPlanDueOn} passed with the plan not yet submitted to Ofsted.`;
          await this.transition(manager, inspection, 'DEADLINE_PASSED', service, comment, undefined, 'service');
        });
        recorded += 1;
      } catch (error) {
        // Refused or raced: another instance recorded it. Anything else is logged, and the other plans still go ahead.
        if (!(error instanceof EventRejectedError || error instanceof StaleVersionError)) {
          this.logger.error(
            `Could not record the missed deadline of inspection ${candidate.id}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
    return recorded;
  }

  /** Moves the plan as a whole; submitting it submits every draft area in the same transaction, or nothing. */
  private async transition(
    manager: EntityManager,
    inspection: Inspection,
    type: string,
    actor: Person,
    comment?: string,
    expectedVersion?: number,
    source: EventSource = 'person',
  ): Promise<void> {
    const areas = await manager.find(ImprovementArea, { where: { inspectionId: inspection.id }, order: { position: 'ASC' } });
    const subject: WorkflowSubject<Inspection> = {
      record: inspection,
      entity: Inspection,
      entityType: 'inspection',
      inspectionId: inspection.id,
      workflow: actionPlanWorkflow,
    };
    await this.runner.apply(manager, subject, {
      event: { type, ...(await this.facts(manager, inspection, areas)) },
      actor,
      comment,
      expectedVersion,
      source,
    });
    if (type === 'SUBMIT') {
      await this.areas.submitWithPlan(manager, inspection, areas, actor);
      await this.scrutiny.scheduleFirstWith(manager, inspection);
    }
    await this.reminders.planForPlan(manager, inspection);
  }

  private async facts(manager: EntityManager, inspection: Inspection, areas: ImprovementArea[]): Promise<ActionPlanFacts> {
    const readiness = await this.areas.readiness(
      manager,
      areas.map((area) => area.id),
    );
    return {
      areaCount: areas.length,
      areasNotReady: areas
        .filter((area) => area.state === 'draft' && !readiness.get(area.id)?.ready)
        .map((area) => `${area.position} ${area.title}`),
      areasOpen: areas.filter((area) => area.state !== 'closed').length,
      planDueOn: inspection.actionPlanDueOn,
      today: this.clock.today(),
    };
  }

  private async find(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<Inspection> {
    const inspection = await findRowById(manager, Inspection, id, { forUpdate });
    if (!inspection) throw new NotFoundError('inspection', id);
    return inspection;
  }

  private framework(code: string): FrameworkPolicy {
    const framework = this.policy.frameworks.get(code);
    if (!framework)
      throw new InvalidInputError({ framework: [`framework must be one of: ${[...this.policy.frameworks.keys()].join(', ')}`] });
    return framework;
  }

  private checkGrades(framework: FrameworkPolicy, dto: Pick<CreateInspectionDto, 'judgements' | 'overallEffectiveness'>): void {
    const scale = Object.keys(framework.grades);
    const problem =
      scale.length > 0 ? `must be one of: ${scale.join(', ')}` : `must be left out: ${framework.code} inspections are not graded`;
    const fields: Record<string, string[]> = {};
    (dto.judgements ?? []).forEach((judgement, index) => {
      if (!scale.includes(judgement.grade)) fields[`judgements.${index}.grade`] = [`grade ${problem}`];
    });
    if (dto.overallEffectiveness !== undefined && !scale.includes(dto.overallEffectiveness))
      fields.overallEffectiveness = [`overallEffectiveness ${problem}`];
    if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
  }

  private checkDates(startedOn: string | null | undefined, endedOn: string | null | undefined): void {
    if (startedOn && endedOn && endedOn < startedOn) throw new InvalidInputError({ endedOn: ['endedOn must not be before startedOn'] });
  }

  private workingDaysLeft(inspection: Inspection): number | null {
    return inspection.state === 'draft' || inspection.state === 'approved'
      ? this.deadlines.workingDaysLeft(this.clock.today(), inspection.actionPlanDueOn)
      : null;
  }

  private async view(manager: EntityManager, inspection: Inspection) {
    const framework = this.framework(inspection.framework);
    const authority = await manager.findOneByOrFail(Authority, { id: inspection.authorityId });
    const judgements = await manager.find(Judgement, { where: { inspectionId: inspection.id }, order: { position: 'ASC' } });
    const areas = await manager.find(ImprovementArea, { where: { inspectionId: inspection.id }, order: { position: 'ASC' } });
    const grade = (key: string) => ({ grade: key, label: framework.grades[key] ?? key });
    const plan = inspection.snapshot.context as {
      approvedOn: string | null;
      deadlineMissedOn: string | null;
      submittedOn: string | null;
      submittedLate: boolean;
    };
    const people = await peopleById(manager, [inspection.planLeadId, inspection.scrutinyClerkId]);
    const nextReview = await manager.findOne(ScrutinyReview, {
      where: { inspectionId: inspection.id, status: 'scheduled' },
      order: { sequence: 'ASC' },
    });
    return {
      id: inspection.id,
      authority: authority.name,
      framework: framework.code,
      frameworkName: framework.name,
      startedOn: inspection.startedOn,
      endedOn: inspection.endedOn,
      leadInspector: inspection.leadInspector,
      publishedOn: inspection.publishedOn,
      receivedOn: inspection.receivedOn,
      priorityAction: inspection.priorityAction,
      planLead: personView(people, inspection.planLeadId),
      scrutinyCommittee: inspection.scrutinyCommittee,
      scrutinyClerk: personView(people, inspection.scrutinyClerkId),
      nextReview: nextReview ? { id: nextReview.id, sequence: nextReview.sequence, dueOn: nextReview.dueOn } : null,
      overallEffectiveness: inspection.overallEffectiveness ? grade(inspection.overallEffectiveness) : null,
      judgements: judgements.map((judgement) => ({ area: judgement.area, ...grade(judgement.grade) })),
      draftPlanDueOn: inspection.draftPlanDueOn,
      actionPlanDueOn: inspection.actionPlanDueOn,
      /** Working days from today to the deadline while the plan is unsubmitted; negative once it has passed. */
      workingDaysLeft: this.workingDaysLeft(inspection),
      plan: {
        state: inspection.state,
        acceptedEvents: this.runner.acceptedEvents({ record: inspection, workflow: actionPlanWorkflow }),
        approvedOn: plan.approvedOn,
        deadlineMissedOn: plan.deadlineMissedOn,
        submittedOn: plan.submittedOn,
        submittedLate: plan.submittedLate,
      },
      areas: areas.map((area) => ({
        id: area.id,
        reference: String(area.position),
        title: area.title,
        timeframe: area.timeframe,
        state: area.state,
      })),
      version: inspection.version,
    };
  }
}

/** One row of the dashboard's areas: an area and its non-zero tallies, as JSON. */
interface DashboardRow {
  id: string;
  position: number;
  title: string;
  state: string;
  tallies: string | DashboardTally[] | null;
}

type DashboardTally = [rag: ActionTally['rag'], state: string, count: number];

interface DashboardArea {
  id: string;
  reference: string;
  title: string;
  state: string;
  actions: { rag: Record<ActionTally['rag'], number>; states: Record<string, number> };
}
