import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Inspection } from '../inspections/inspection.entity.js';
import { ScrutinyReview } from '../scrutiny/scrutiny-review.entity.js';
import { User } from '../users/user.entity.js';

export const SNAPSHOT_REASONS = ['review', 'on_demand', 'month_end'] as const;
export type SnapshotReason = (typeof SNAPSHOT_REASONS)[number];

/**
 * The plan as it stood at one moment, frozen: the PlanModel every document reads, as JSON. Taken when
 * a scrutiny review is recorded, on demand, and at each month end. It is never changed: nothing here
 * updates one, and the database refuses an UPDATE (see the migration's trigger).
 */
@Entity('plan_snapshots')
@Index('idx_plan_snapshots_inspection', ['inspectionId', 'takenAt'])
// A month's snapshot of a plan is taken once, whichever instance gets there first; so is a review's.
@Index('idx_plan_snapshots_period', ['inspectionId', 'period'], { unique: true })
@Index('idx_plan_snapshots_review', ['reviewId'], { unique: true })
export class PlanSnapshot {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  inspectionId: string;

  @ManyToOne(() => Inspection)
  @JoinColumn({ name: 'inspectionId' })
  inspection?: Relation<Inspection>;

  @Column({ type: 'varchar', length: 20 })
  reason: SnapshotReason;

  /** The instant it was taken (ISO), and that day in England: the date its papers carry. */
  @Column({ type: 'varchar', length: 30 })
  takenAt: string;

  @Column({ type: 'date' })
  takenOn: string;

  @Column({ type: 'varchar', length: 36 })
  takenById: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'takenById' })
  takenBy?: Relation<User>;

  /** The review it records, for a review's snapshot. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  reviewId: string | null;

  @ManyToOne(() => ScrutinyReview)
  @JoinColumn({ name: 'reviewId' })
  review?: Relation<ScrutinyReview>;

  /** The month ("2025-01") a month-end snapshot records; null for the others. */
  @Column({ type: 'varchar', length: 7, nullable: true })
  period: string | null;

  /** The PlanModel, as JSON text: read back exactly as written. */
  @Column({ type: 'text' })
  model: string;
}
