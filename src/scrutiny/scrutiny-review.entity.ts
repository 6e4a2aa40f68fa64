import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { User } from '../users/user.entity.js';

import type { ReviewOutcome } from './review-outcomes.js';
export type ReviewStatus = 'scheduled' | 'held';

/**
 * One of the scrutiny committee's reviews of a plan's progress: scheduled when the plan goes to
 * Ofsted (and after each review while an area is open), held once its outcomes are recorded.
 */
@Entity('scrutiny_reviews')
@Index('idx_scrutiny_reviews_sequence', ['inspectionId', 'sequence'], { unique: true })
export class ScrutinyReview {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  inspectionId: string;

  @ManyToOne(() => Inspection)
  @JoinColumn({ name: 'inspectionId' })
  inspection?: Relation<Inspection>;

  /** 1 for the first review after submission; unique per plan, so two recorders cannot both schedule the next. */
  @Column({ type: 'integer' })
  sequence: number;

  /** When the review is due: the reminders count down to it. */
  @Column({ type: 'date' })
  dueOn: string;

  /** The clerk set dueOn to the day the committee meets: the pages say "meets on", not "due by". */
  @Column({ type: 'boolean', default: false })
  meetingSet: boolean;

  @Column({ type: 'varchar', length: 10 })
  status: ReviewStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  committee: string | null;

  @Column({ type: 'date', nullable: true })
  meetingOn: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  recordedById: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'recordedById' })
  recordedBy?: Relation<User>;

  @Column({ type: 'varchar', length: 30, nullable: true })
  recordedAt: string | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;
}

/** What the committee concluded about one area at one review. */
@Entity('scrutiny_review_outcomes')
@Index('idx_scrutiny_review_outcomes_reviewId', ['reviewId'])
export class ScrutinyReviewOutcome {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  reviewId: string;

  @ManyToOne(() => ScrutinyReview)
  @JoinColumn({ name: 'reviewId' })
  review?: Relation<ScrutinyReview>;

  @Column({ type: 'varchar', length: 36 })
  areaId: string;

  @ManyToOne(() => ImprovementArea)
  @JoinColumn({ name: 'areaId' })
  area?: Relation<ImprovementArea>;

  @Column({ type: 'varchar', length: 20 })
  outcome: ReviewOutcome;

  /** The committee's questions (further assurance), why it escalated, or what assured it. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;
}
