import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { REVIEWED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import {
  CLOSED_AREA_STATES,
  IMPROVEMENT_AREA_STATES,
  openActionsRefusal,
  REVIEWABLE_AREA_STATES,
} from '../../workflows/improvement-area.machine.js';
import { inWords } from '../../workflows/workflow.js';
import { actionRepository } from '../actions/action.repository.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { Clock } from '../common/clock.js';
import type { IsoDate } from '../common/dates.js';
import { ConflictError, EventRejectedError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import type { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { MoveArea } from '../improvement-areas/move-area.js';
import type { Inspection } from '../inspections/inspection.entity.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { MovePlan } from '../inspections/move-plan.js';
import { FollowUps } from '../moves/follow-ups.js';
import { peopleById, personView } from '../users/people.js';
import type { Person } from '../users/user.entity.js';
import type {} from './review.changes.js';
import { reviewRepository } from './review.repository.js';
import { ReviewSchedule } from './review-schedule.js';
import type { RecordReviewDto, RescheduleReviewDto } from './scrutiny.dto.js';
import { outcomeNeedsComment, REVIEW_OUTCOME_WORDS, type ReviewOutcome } from './review-outcomes.js';
import { ScrutinyReviewOutcome, type ScrutinyReview } from './scrutiny-review.entity.js';
import { SummaryRequests, writtenForNextReview, type SummaryRequest } from './summary-requests.js';

/** The area event each outcome sends: only assurance that it can close closes an area; the others send it back to delivery. */
const OUTCOME_EVENTS: Record<ReviewOutcome, string> = {
  assured: 'CLOSE',
  progress_assured: 'ASSURE_PROGRESS',
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
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly moveArea: MoveArea,
    private readonly movePlan: MovePlan,
    private readonly reviews: ReviewSchedule,
    private readonly summaries: SummaryRequests,
    private readonly unitOfWork: UnitOfWork,
    private readonly workingDays: WorkingDays,
  ) {}

  /** For the clerk: the day the next review's paper wants the lead officers' summaries, and the open areas still without one. */
  summariesForNextReview(inspectionId: string) {
    return this.unitOfWork.read(async (manager) => {
      const request = (await this.summaries.ofPlans(manager, [inspectionId])).get(inspectionId);
      if (!request) return null;
      const open = (await areaRepository.ofPlan(manager, inspectionId)).filter((area) => !CLOSED_AREA_STATES.includes(area.state));
      const missing = open.filter((area) => !writtenForNextReview(area, request));
      const leads = await peopleById(
        manager,
        missing.map((area) => area.leadOfficerId),
      );
      return {
        ...request,
        openAreas: open.length,
        missing: missing.map((area) => ({
          id: area.id,
          reference: area.position,
          title: area.title,
          lead: personView(leads, area.leadOfficerId),
        })),
      };
    });
  }

  /** What the plan's next review asks of its areas' lead officers; null with no review to come. */
  summaryRequest(inspectionId: string): Promise<SummaryRequest | null> {
    return this.unitOfWork.read(async (manager) => (await this.summaries.ofPlans(manager, [inspectionId])).get(inspectionId) ?? null);
  }

  /** What the committee last concluded of an area, for its lead officer and its page; null before its first review. */
  lastWordOn(areaId: string) {
    return this.unitOfWork.read(async (manager) => {
      const latest = await reviewRepository.latestOutcomeOfArea(manager, areaId);
      if (!latest) return null;
      const { review, outcome } = latest;
      return {
        meetingOn: review.meetingOn!,
        committee: review.committee,
        outcomeInWords: REVIEW_OUTCOME_WORDS[outcome.outcome],
        comment: outcome.comment,
      };
    });
  }

  list(inspectionId: string) {
    return this.unitOfWork.read(async (manager) => {
      await this.findInspection(manager, inspectionId);
      return this.views(manager, await reviewRepository.ofPlan(manager, inspectionId));
    });
  }

  /** Moves a scheduled review to the date the committee actually meets; its reminders follow. */
  reschedule(inspectionId: string, reviewId: string, dto: RescheduleReviewDto, actor: Person) {
    return this.unitOfWork.write(async (manager) => {
      const review = await reviewRepository.inPlan(manager, inspectionId, reviewId);
      if (!review) throw new NotFoundError('scrutiny review', reviewId);
      if (review.status !== 'scheduled')
        throw new ConflictError(`Review ${review.sequence} has been held: only a scheduled review can move.`);
      if (dto.dueOn < this.clock.today()) {
        throw new InvalidInputError({
          dueOn: ['The date the review is due must be today or in the future: record a review that has been held instead'],
        });
      }
      // A committee meets on a working day: a weekend or a bank holiday is a slip of the keyboard or the calendar.
      const dayOff = this.workingDays.dayOff(dto.dueOn);
      if (dayOff)
        throw new InvalidInputError({ dueOn: [`The date of the meeting must be a working day: ${inWords(dto.dueOn)} is ${dayOff}`] });
      // The same date given again is still news: it is now the meeting's, not six months on.
      if (dto.dueOn !== review.dueOn || !review.meetingSet) {
        if (!(await reviewRepository.reschedule(manager, review, dto.dueOn))) {
          throw new ConflictError('This review has just been changed by someone else. Reload the plan and try again.');
        }
        await this.audit.record(manager, {
          entityType: 'inspection',
          entityId: inspectionId,
          inspectionId,
          event: 'SCRUTINY_REVIEW_RESCHEDULED',
          actor,
          comment: `Review ${review.sequence} set for the committee’s meeting on ${inWords(dto.dueOn)}.`,
          // The history says the meeting's date; a due date it replaced, where it did.
          details: {
            review: review.sequence,
            ...(dto.dueOn !== review.dueOn ? { dueOn: { from: review.dueOn, to: dto.dueOn } } : {}),
            meetingOn: dto.dueOn,
          },
        });
        Object.assign(review, { dueOn: dto.dueOn, meetingSet: true });
        await this.followUps.publish(manager, 'review:written', {
          record: review,
          created: false,
          changed: ['dueOn', 'meetingSet'],
          actor,
        });
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
      const inspection = await this.findInspection(manager, inspectionId, { forUpdate: true });
      if (!REVIEWED_PLAN_STATES.includes(inspection.state)) {
        throw new ConflictError(
          `The action plan is ${inspection.state}: the scrutiny committee reviews a plan once it has been submitted to Ofsted and until it is closed.`,
        );
      }
      const committee = dto.committee?.trim() || inspection.scrutinyCommittee;
      const areas = await areaRepository.ofPlan(manager, inspectionId);
      await this.check(manager, dto, committee, areas, inspection.snapshot.context.submittedOn);

      // A form sent twice must not record the meeting twice (and move its areas twice).
      const already = await reviewRepository.heldOn(manager, inspectionId, dto.meetingOn);
      if (already) throw new ConflictError(`The review of ${inWords(dto.meetingOn)} is already recorded (review ${already.sequence}).`);
      const review =
        (await reviewRepository.nextOfPlan(manager, inspectionId)) ??
        (await this.reviews.schedule(
          manager,
          inspectionId,
          await reviewRepository.nextSequence(manager, inspectionId),
          dto.meetingOn,
          actor,
        ));
      const agenda = `On the agenda of ${committee} on ${inWords(dto.meetingOn)}.`;
      const outcomes = [...dto.outcomes].sort((a, b) => position(areas, a.areaId) - position(areas, b.areaId));
      // Every area the committee cannot close yet is named, not only the first: the whole review is undone anyway.
      const refused: Array<{ area: number; error: EventRejectedError }> = [];
      for (const outcome of outcomes) {
        const area = areas.find((candidate) => candidate.id === outcome.areaId)!;
        if (area.state === IMPROVEMENT_AREA_STATES.inProgress) {
          await this.moveArea.apply(manager, area, { type: 'SEND_TO_SCRUTINY', actor, comment: agenda });
        }
        if (area.state !== IMPROVEMENT_AREA_STATES.underReview) {
          throw new ConflictError(
            `Area ${area.position} is ${area.state.replaceAll('_', ' ')}: the committee reviews areas whose delivery has started (in progress or under review).`,
          );
        }
        const comment = [`${committee}, ${inWords(dto.meetingOn)}. ${REVIEW_OUTCOME_WORDS[outcome.outcome]}.`, outcome.comment?.trim()]
          .filter(Boolean)
          .join(' ');
        await this.moveArea.apply(manager, area, { type: OUTCOME_EVENTS[outcome.outcome], actor, comment }).catch((error: unknown) => {
          if (!(error instanceof EventRejectedError)) throw error;
          refused.push({ area: area.position, error });
        });
      }
      if (refused.length > 0) {
        // A review holds several areas: the refusal says which ones the committee cannot close.
        const [{ state, event, acceptedEvents }] = refused.map(({ error }) => error);
        throw new EventRejectedError(
          'improvement area',
          state,
          event,
          acceptedEvents,
          refused.flatMap(({ area, error }) => error.reasons.map((reason) => `Area ${area}: ${reason}`)),
        );
      }

      // Conditional on its status: two clerks recording the same review at once cannot both succeed.
      const record = {
        status: 'held' as const,
        committee,
        meetingOn: dto.meetingOn,
        recordedById: actor.id,
        recordedAt: this.clock.now().toISOString(),
      };
      if (!(await reviewRepository.hold(manager, review, record))) {
        throw new ConflictError('This review has just been recorded by someone else. Reload the plan and try again.');
      }
      Object.assign(review, record);
      await reviewRepository.insertOutcomes(
        manager,
        outcomes.map((outcome) =>
          manager.create(ScrutinyReviewOutcome, {
            id: randomUUID(),
            reviewId: review.id,
            areaId: outcome.areaId,
            outcome: outcome.outcome,
            comment: outcome.comment?.trim() || null,
          }),
        ),
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
        comment: `Review ${review.sequence} by ${committee} on ${inWords(dto.meetingOn)}.`,
        details: { committee, meetingOn: dto.meetingOn, ...counts },
      });

      if (areas.some((area) => !CLOSED_AREA_STATES.includes(area.state))) {
        await this.reviews.next(manager, review, dto.meetingOn, actor);
      } else {
        const comment = `The scrutiny committee closed the last improvement area on ${inWords(dto.meetingOn)}.`;
        await this.movePlan.apply(manager, inspection, { type: 'CLOSE', actor, comment });
      }
      // Once all of it is done (the next review scheduled, or the plan closed), so that what follows sees the plan as the review left it.
      await this.followUps.publish(manager, 'review:written', { record: review, created: false, changed: Object.keys(record), actor });
      return (await this.views(manager, [review]))[0];
    });
  }

  private async check(
    manager: EntityManager,
    dto: RecordReviewDto,
    committee: string | null,
    areas: ImprovementArea[],
    submittedOn: IsoDate | null,
  ): Promise<void> {
    const fields: Record<string, string[]> = {};
    if (!committee) fields.committee = ['Enter the committee, or record the scrutiny committee on the inspection'];
    if (dto.meetingOn > this.clock.today())
      fields.meetingOn = ['The date of the meeting must be today or in the past: record a review once the committee has met'];
    else if (submittedOn && dto.meetingOn < submittedOn)
      fields.meetingOn = [`The date of the meeting must be on or after the date the plan was submitted, ${inWords(submittedOn)}`];
    const seen = new Set<string>();
    dto.outcomes.forEach((outcome, index) => {
      if (!areas.some((area) => area.id === outcome.areaId))
        fields[`outcomes.${index}.areaId`] = ['Select an improvement area of this plan'];
      else if (seen.has(outcome.areaId)) fields[`outcomes.${index}.areaId`] = ['Give each area only one outcome in a review'];
      seen.add(outcome.areaId);
      if (outcomeNeedsComment(outcome.outcome) && !outcome.comment?.trim()) {
        fields[`outcomes.${index}.comment`] = [`Enter the committee’s questions or reasons for ${outcome.outcome.replaceAll('_', ' ')}`];
      }
    });
    if (Object.keys(fields).length === 0) return;
    // With other problems, an area the committee cannot close yet is one of them, so that a form is put right in one go.
    // Alone, the workflow refuses it as it refuses any step (409).
    const assured = dto.outcomes.flatMap((outcome, index) => (outcome.outcome === 'assured' ? [{ ...outcome, index }] : []));
    const readiness = await actionRepository.readiness(
      manager,
      assured.map((outcome) => outcome.areaId),
    );
    for (const { areaId, index } of assured) {
      const refusal = openActionsRefusal(readiness.get(areaId)?.open ?? 0);
      if (refusal) fields[`outcomes.${index}.outcome`] = [`Area ${position(areas, areaId)}: ${refusal}`];
    }
    throw new InvalidInputError(fields);
  }

  /** `forUpdate` where recording a review may close the plan: its own moves lock it first. */
  private async findInspection(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<Inspection> {
    const inspection = await inspectionRepository.byId(manager, id, { forUpdate });
    if (!inspection) throw new NotFoundError('inspection', id);
    return inspection;
  }

  private async views(manager: EntityManager, reviews: ScrutinyReview[]) {
    const outcomes = await reviewRepository.outcomesOf(
      manager,
      reviews.map((review) => review.id),
    );
    const areas = new Map(
      (await areaRepository.byIds(manager, [...new Set(outcomes.map((outcome) => outcome.areaId))])).map((a) => [a.id, a]),
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
      meetingSet: review.meetingSet,
      status: review.status,
      committee: review.committee,
      meetingOn: review.meetingOn,
      recordedBy: personView(people, review.recordedById),
      recordedAt: review.recordedAt,
      outcomes: outcomes
        .filter((outcome) => outcome.reviewId === review.id)
        .map((outcome) => ({ area: areas.get(outcome.areaId)!, outcome }))
        .sort((a, b) => a.area.position - b.area.position)
        .map(({ area, outcome }) => ({
          areaId: area.id,
          reference: String(area.position),
          title: area.title,
          outcome: outcome.outcome,
          outcomeInWords: REVIEW_OUTCOME_WORDS[outcome.outcome],
          comment: outcome.comment,
          areaState: area.state,
        })),
    }));
  }
}

/** Which areas the committee can review now: those whose delivery has started. */
export function reviewableAreas<T extends Pick<ImprovementArea, 'state'>>(areas: readonly T[]): T[] {
  return areas.filter((area) => REVIEWABLE_AREA_STATES.includes(area.state));
}

function position(areas: ImprovementArea[], areaId: string): number {
  return areas.find((area) => area.id === areaId)?.position ?? 0;
}
