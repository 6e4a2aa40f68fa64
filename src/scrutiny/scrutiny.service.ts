import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { actionPlanWorkflow } from '../../workflows/action-plan.machine.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { Clock } from '../common/clock.js';
import { addMonths, type IsoDate } from '../common/dates.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { Policy } from '../config/policy.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { peopleById, personView } from '../users/people.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { ReminderPlanner } from '../reminders/reminder-planner.service.js';
import type { Person } from '../users/user.entity.js';
import { WorkflowRunner } from '../moves/workflow-runner.service.js';
import type { RecordReviewDto, RescheduleReviewDto } from './scrutiny.dto.js';
import { ScrutinyReview, ScrutinyReviewOutcome, type ReviewOutcome } from './scrutiny-review.entity.js';

/** The area event each outcome sends: only assurance closes an area; the others send it back to delivery. */
const OUTCOME_EVENTS: Record<ReviewOutcome, string> = {
  assured: 'CLOSE',
  further_assurance: 'REQUEST_FURTHER_ASSURANCE',
  escalated: 'ESCALATE',
};

/**
 * The scrutiny committee's reviews of a submitted plan: one is scheduled when the plan goes to
 * Ofsted, and after each review while any area is open; recording one moves each area it covered.
 */
@Injectable()
export class ScrutinyService {
  constructor(
    private readonly areas: ImprovementAreasService,
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly policy: Policy,
    private readonly reminders: ReminderPlanner,
    private readonly runner: WorkflowRunner,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** In the transaction that submits the plan: the first review falls N months after submission. */
  async scheduleFirstWith(manager: EntityManager, inspection: Inspection): Promise<void> {
    const submittedOn = (inspection.snapshot.context.submittedOn as IsoDate | null) ?? this.clock.today();
    await this.schedule(manager, inspection.id, 1, addMonths(submittedOn, this.policy.scrutiny.everyMonths));
  }

  list(inspectionId: string) {
    return this.unitOfWork.read(async (manager) => {
      await this.findInspection(manager, inspectionId);
      return this.views(manager, await manager.find(ScrutinyReview, { where: { inspectionId }, order: { sequence: 'ASC' } }));
    });
  }

  /** Moves a scheduled review to the date the committee actually meets; its reminders follow. */
  reschedule(inspectionId: string, reviewId: string, dto: RescheduleReviewDto, actor: Person) {
    return this.unitOfWork.write(async (manager) => {
      const review = await manager.findOneBy(ScrutinyReview, { id: reviewId, inspectionId });
      if (!review) throw new NotFoundError('scrutiny review', reviewId);
      if (review.status !== 'scheduled')
        throw new ConflictError(`Review ${review.sequence} has been held: only a scheduled review can move.`);
      if (dto.dueOn < this.clock.today())
        throw new InvalidInputError({ dueOn: ['dueOn cannot be in the past: record a review that has been held instead'] });
      if (dto.dueOn !== review.dueOn) {
        const moved = await manager.update(
          ScrutinyReview,
          { id: review.id, status: 'scheduled', dueOn: review.dueOn },
          { dueOn: dto.dueOn },
        );
        if (moved.affected !== 1)
          throw new ConflictError('This review has just been changed by someone else. Reload the plan and try again.');
        await this.audit.record(manager, {
          entityType: 'inspection',
          entityId: inspectionId,
          inspectionId,
          event: 'SCRUTINY_REVIEW_RESCHEDULED',
          actor,
          details: { review: review.sequence, dueOn: { from: review.dueOn, to: dto.dueOn } },
        });
        review.dueOn = dto.dueOn;
        await this.reminders.planForReview(manager, review);
      }
      return (await this.views(manager, [review]))[0];
    });
  }

  /**
   * Records a review and its outcomes in one transaction. An area in progress is first sent to
   * scrutiny (the committee had it on its agenda), so the record shows both steps.
   */
  record(inspectionId: string, dto: RecordReviewDto, actor: Person) {
    return this.unitOfWork.write(async (manager) => {
      const inspection = await this.findInspection(manager, inspectionId);
      if (inspection.state !== 'submitted') {
        throw new ConflictError(
          `The action plan is ${inspection.state}: the scrutiny committee reviews a plan once it has been submitted to Ofsted and until it is closed.`,
        );
      }
      const committee = dto.committee?.trim() || inspection.scrutinyCommittee;
      const areas = await manager.find(ImprovementArea, { where: { inspectionId }, order: { position: 'ASC' } });
      this.check(dto, committee, areas, inspection.snapshot.context.submittedOn as IsoDate | null);

      // A form sent twice must not record the meeting twice (and move its areas twice).
      const already = await manager.findOneBy(ScrutinyReview, { inspectionId, status: 'held', meetingOn: dto.meetingOn });
      if (already) throw new ConflictError(`The review of ${dto.meetingOn} is already recorded (review ${already.sequence}).`);
      const scheduled = await manager.findOne(ScrutinyReview, { where: { inspectionId, status: 'scheduled' }, order: { sequence: 'ASC' } });
      const review =
        scheduled ?? (await this.schedule(manager, inspectionId, await this.nextSequence(manager, inspectionId), dto.meetingOn));
      const agenda = `On the agenda of ${committee} on ${dto.meetingOn}.`;
      const outcomes = [...dto.outcomes].sort((a, b) => position(areas, a.areaId) - position(areas, b.areaId));
      for (const outcome of outcomes) {
        const area = areas.find((candidate) => candidate.id === outcome.areaId)!;
        if (area.state === 'in_progress') await this.areas.applyWith(manager, area, inspection, 'SEND_TO_SCRUTINY', actor, agenda);
        if (area.state !== 'under_review') {
          throw new ConflictError(
            `Area ${area.position} is ${area.state.replaceAll('_', ' ')}: the committee reviews areas whose delivery has started (in progress or under review).`,
          );
        }
        const comment = [`${committee}, ${dto.meetingOn}: ${outcome.outcome.replaceAll('_', ' ')}.`, outcome.comment?.trim()]
          .filter(Boolean)
          .join(' ');
        await this.areas.applyWith(manager, area, inspection, OUTCOME_EVENTS[outcome.outcome], actor, comment);
      }

      // The WHERE on status: two clerks recording the same review at once cannot both succeed.
      const record = {
        status: 'held' as const,
        committee,
        meetingOn: dto.meetingOn,
        recordedById: actor.id,
        recordedAt: this.clock.now().toISOString(),
      };
      const held = await manager.update(ScrutinyReview, { id: review.id, status: 'scheduled' }, record);
      if (held.affected !== 1)
        throw new ConflictError('This review has just been recorded by someone else. Reload the plan and try again.');
      Object.assign(review, record);
      await manager.insert(
        ScrutinyReviewOutcome,
        outcomes.map((outcome) => ({
          id: randomUUID(),
          reviewId: review.id,
          areaId: outcome.areaId,
          outcome: outcome.outcome,
          comment: outcome.comment?.trim() || null,
        })),
      );
      const counts = Object.fromEntries(
        Object.keys(OUTCOME_EVENTS).map((kind) => [kind, outcomes.filter((o) => o.outcome === kind).length]),
      );
      await this.audit.record(manager, {
        entityType: 'inspection',
        entityId: inspectionId,
        inspectionId,
        event: 'SCRUTINY_REVIEW_RECORDED',
        actor,
        comment: `Review ${review.sequence} by ${committee} on ${dto.meetingOn}.`,
        details: { committee, meetingOn: dto.meetingOn, ...counts },
      });
      await this.reminders.planForReview(manager, review);

      if (areas.some((area) => area.state !== 'closed')) {
        await this.schedule(manager, inspectionId, review.sequence + 1, addMonths(dto.meetingOn, this.policy.scrutiny.everyMonths));
      } else {
        await this.closePlan(
          manager,
          inspection,
          areas.length,
          actor,
          `The scrutiny committee closed the last improvement area on ${dto.meetingOn}.`,
        );
      }
      return (await this.views(manager, [review]))[0];
    });
  }

  private check(dto: RecordReviewDto, committee: string | null, areas: ImprovementArea[], submittedOn: IsoDate | null): void {
    const fields: Record<string, string[]> = {};
    if (!committee) fields.committee = ['committee is required: name the committee, or record it on the inspection (scrutinyCommittee)'];
    if (dto.meetingOn > this.clock.today())
      fields.meetingOn = ['meetingOn cannot be in the future: record a review once the committee has met'];
    else if (submittedOn && dto.meetingOn < submittedOn)
      fields.meetingOn = [`meetingOn cannot be before the plan was submitted, on ${submittedOn}`];
    const seen = new Set<string>();
    dto.outcomes.forEach((outcome, index) => {
      if (!areas.some((area) => area.id === outcome.areaId))
        fields[`outcomes.${index}.areaId`] = ['areaId must be an improvement area of this plan'];
      else if (seen.has(outcome.areaId)) fields[`outcomes.${index}.areaId`] = ['each area can have only one outcome per review'];
      seen.add(outcome.areaId);
      if (outcome.outcome !== 'assured' && !outcome.comment?.trim()) {
        fields[`outcomes.${index}.comment`] = [
          `comment is required for ${outcome.outcome.replaceAll('_', ' ')}: give the committee's questions or reasons`,
        ];
      }
    });
    if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);
  }

  private async schedule(manager: EntityManager, inspectionId: string, sequence: number, dueOn: IsoDate): Promise<ScrutinyReview> {
    const review = manager.create(ScrutinyReview, {
      id: randomUUID(),
      inspectionId,
      sequence,
      dueOn,
      status: 'scheduled',
      committee: null,
      meetingOn: null,
      recordedById: null,
      recordedAt: null,
      createdAt: this.clock.now().toISOString(),
    });
    await manager.insert(ScrutinyReview, review);
    await this.reminders.planForReview(manager, review);
    return review;
  }

  private async nextSequence(manager: EntityManager, inspectionId: string): Promise<number> {
    return ((await manager.maximum(ScrutinyReview, 'sequence', { inspectionId })) ?? 0) + 1;
  }

  /** Every area closed: the plan is done, in the same transaction as the review that closed the last one. */
  private async closePlan(
    manager: EntityManager,
    inspection: Inspection,
    areaCount: number,
    actor: Person,
    comment: string,
  ): Promise<void> {
    await this.runner.apply(
      manager,
      { record: inspection, entity: Inspection, entityType: 'inspection', inspectionId: inspection.id, workflow: actionPlanWorkflow },
      {
        event: {
          type: 'CLOSE',
          areaCount,
          areasNotReady: [],
          areasOpen: 0,
          planDueOn: inspection.actionPlanDueOn,
          today: this.clock.today(),
        },
        actor,
        comment,
      },
    );
  }

  private async findInspection(manager: EntityManager, id: string): Promise<Inspection> {
    const inspection = await manager.findOneBy(Inspection, { id });
    if (!inspection) throw new NotFoundError('inspection', id);
    return inspection;
  }

  private async views(manager: EntityManager, reviews: ScrutinyReview[]) {
    const outcomes =
      reviews.length > 0 ? await manager.findBy(ScrutinyReviewOutcome, { reviewId: In(reviews.map((review) => review.id)) }) : [];
    const areas = new Map(
      (await manager.findBy(ImprovementArea, { id: In(outcomes.map((outcome) => outcome.areaId)) })).map((area) => [area.id, area]),
    );
    const people = await peopleById(
      manager,
      reviews.map((review) => review.recordedById),
    );
    return reviews.map((review) => ({
      id: review.id,
      inspectionId: review.inspectionId,
      sequence: review.sequence,
      dueOn: review.dueOn,
      status: review.status,
      committee: review.committee,
      meetingOn: review.meetingOn,
      recordedBy: personView(people, review.recordedById),
      outcomes: outcomes
        .filter((outcome) => outcome.reviewId === review.id)
        .map((outcome) => ({ area: areas.get(outcome.areaId)!, outcome }))
        .sort((a, b) => a.area.position - b.area.position)
        .map(({ area, outcome }) => ({
          areaId: area.id,
          reference: String(area.position),
          title: area.title,
          outcome: outcome.outcome,
          comment: outcome.comment,
          areaState: area.state,
        })),
    }));
  }
}

function position(areas: ImprovementArea[], areaId: string): number {
  return areas.find((area) => area.id === areaId)?.position ?? 0;
}
