import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ACTION_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { Clock } from '../common/clock.js';
import { addMonths, type IsoDate } from '../common/dates.js';
import { Policy } from '../config/policy.js';
import type {} from '../inspections/inspection.changes.js';
import { FollowsChanges, FollowUps, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import type { Person } from '../users/user.entity.js';
import type {} from './review.changes.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { reviewRepository } from './review.repository.js';
import { ScrutinyReview } from './scrutiny-review.entity.js';

/**
 * When the scrutiny committee reviews a plan: the first review falls N months (config/scrutiny.yaml)
 * after the plan goes to Ofsted, and each next one N months after the last meeting; on the working day
 * before, where that is a weekend or a bank holiday, as no committee meets then.
 */
@Injectable()
@FollowsChanges()
export class ReviewSchedule implements FollowUp {
  readonly follows: FollowUpHandlers = {
    'plan:moved': async (manager, { record, move, actor }) => {
      if (move.to !== ACTION_PLAN_STATES.submitted) return;
      const submittedOn = record.snapshot.context.submittedOn ?? this.clock.today();
      await this.schedule(manager, record.id, 1, this.reviewDue(submittedOn), actor);
    },
  };

  constructor(
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly policy: Policy,
    private readonly workingDays: WorkingDays,
  ) {}

  /** The review after one held on `meetingOn`. */
  next(manager: EntityManager, held: ScrutinyReview, meetingOn: IsoDate, actor: Person): Promise<ScrutinyReview> {
    return this.schedule(manager, held.inspectionId, held.sequence + 1, this.reviewDue(meetingOn), actor);
  }

  private reviewDue(after: IsoDate): IsoDate {
    return this.workingDays.shiftWorkingDays(addMonths(after, this.policy.scrutiny.everyMonths), 0);
  }

  async schedule(manager: EntityManager, inspectionId: string, sequence: number, dueOn: IsoDate, actor: Person): Promise<ScrutinyReview> {
    const review = manager.create(ScrutinyReview, {
      id: randomUUID(),
      inspectionId,
      sequence,
      dueOn,
      meetingSet: false,
      status: 'scheduled',
      committee: null,
      meetingOn: null,
      recordedById: null,
      recordedAt: null,
      createdAt: this.clock.now().toISOString(),
    });
    await reviewRepository.insert(manager, review);
    await this.followUps.publish(manager, 'review:written', { record: review, created: true, changed: Object.keys(review), actor });
    return review;
  }
}
