import type { ImprovementAreaContext, ImprovementAreaState } from '../../workflows/improvement-area.machine.js';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Inspection } from '../inspections/inspection.entity.js';
import { User } from '../users/user.entity.js';
import { WorkflowRecord } from '../moves/workflow-record.js';

/** One "what needs to improve" point of a report, with its own workflow. */
@Entity('improvement_areas')
@Index('idx_improvement_areas_inspectionId', ['inspectionId'])
@Index('uq_improvement_areas_position', ['inspectionId', 'position'], { unique: true })
export class ImprovementArea extends WorkflowRecord<ImprovementAreaState, ImprovementAreaContext> {
  @Column({ type: 'varchar', length: 36 })
  inspectionId: string;

  @ManyToOne(() => Inspection)
  @JoinColumn({ name: 'inspectionId' })
  inspection?: Relation<Inspection>;

  /** Order in the plan; the reference councils quote ("1", "2", …) derives from it. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** As the report says it, e.g. "Within three months"; older reports group recommendations this way. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  timeframe: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  leadOfficerId: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'leadOfficerId' })
  leadOfficer?: Relation<User>;

  /** The lead officer's short account of progress, for the committee. */
  @Column({ type: 'text', nullable: true })
  narrative: string | null;

  @Column({ type: 'date', nullable: true })
  narrativeUpdatedOn: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  narrativeById: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'narrativeById' })
  narrativeBy?: Relation<User>;

  /** When the summary was last confirmed as still true, unchanged, for a later review; null once it is rewritten. */
  @Column({ type: 'date', nullable: true })
  narrativeConfirmedOn: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  narrativeConfirmedById: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'narrativeConfirmedById' })
  narrativeConfirmedBy?: Relation<User>;
}
