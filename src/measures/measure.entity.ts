import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, VersionColumn, type Relation } from 'typeorm';
import { Action } from '../actions/action.entity.js';
import type { IsoDate } from '../common/dates.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { User } from '../users/user.entity.js';
import type { MeasureDirection, MeasureFrequency, MeasureUnit, Period, Point } from './measure-rating.js';

/** How the council will know an improvement area (or one of its actions) is making a difference: a figure, its baseline and its target. */
@Entity('measures')
@Index('idx_measures_areaId', ['areaId'])
@Index('idx_measures_ownerId', ['ownerId'])
export class Measure {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  areaId: string;

  @ManyToOne(() => ImprovementArea)
  @JoinColumn({ name: 'areaId' })
  area?: Relation<ImprovementArea>;

  /** The action this measures, when it measures one action rather than the area as a whole. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  actionId: string | null;

  @ManyToOne(() => Action)
  @JoinColumn({ name: 'actionId' })
  action?: Relation<Action>;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Exactly what is counted, and how, so two people would get the same figure. */
  @Column({ type: 'text' })
  definition: string;

  @Column({ type: 'varchar', length: 20 })
  unit: MeasureUnit;

  @Column({ type: 'varchar', length: 10 })
  direction: MeasureDirection;

  @Column({ type: 'double precision' })
  baselineValue: number;

  @Column({ type: 'date' })
  baselineOn: IsoDate;

  @Column({ type: 'double precision' })
  targetValue: number;

  @Column({ type: 'date' })
  targetOn: IsoDate;

  /** Points the trajectory passes through between the baseline and the target, in date order. */
  @Column({ type: 'simple-json' })
  milestones: Point[];

  @Column({ type: 'varchar', length: 500 })
  dataSource: string;

  @Column({ type: 'varchar', length: 36 })
  ownerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'ownerId' })
  owner?: Relation<User>;

  @Column({ type: 'varchar', length: 10 })
  frequency: MeasureFrequency;

  /** Optimistic lock: every edit checks and bumps it. */
  @VersionColumn()
  version: number;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;
}

/** A measure's value for one month (a quarterly measure's for the quarter ending that month), and who entered it. */
@Entity('measure_values')
@Index('uq_measure_values_period', ['measureId', 'period'], { unique: true })
export class MeasureValue {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  measureId: string;

  @ManyToOne(() => Measure)
  @JoinColumn({ name: 'measureId' })
  measure?: Relation<Measure>;

  @Column({ type: 'varchar', length: 7 })
  period: Period;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 36 })
  enteredById: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'enteredById' })
  enteredBy?: Relation<User>;

  @Column({ type: 'varchar', length: 30 })
  enteredAt: string;
}

/** A spreadsheet of values for an area's measures: read and checked first (a preview), then recorded once. */
@Entity('measure_uploads')
@Index('idx_measure_uploads_content', ['areaId', 'contentHash'])
export class MeasureUpload {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  areaId: string;

  @ManyToOne(() => ImprovementArea)
  @JoinColumn({ name: 'areaId' })
  area?: Relation<ImprovementArea>;

  /** SHA-256 of the file, so the same file cannot be recorded twice. */
  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  /** The file's cells as CSV: the file itself, or an Excel workbook's first sheet written out as CSV, so both are read alike. */
  @Column({ type: 'text' })
  csv: string;

  @Column({ type: 'varchar', length: 10 })
  status: 'previewed' | 'committed';

  @Column({ type: 'varchar', length: 36 })
  uploadedById: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'uploadedById' })
  uploadedBy?: Relation<User>;

  @Column({ type: 'varchar', length: 30 })
  uploadedAt: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  committedById: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'committedById' })
  committedBy?: Relation<User>;

  @Column({ type: 'varchar', length: 30, nullable: true })
  committedAt: string | null;
}
