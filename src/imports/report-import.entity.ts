import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Inspection } from '../inspections/inspection.entity.js';
import { User } from '../users/user.entity.js';
import type { ReportFormat } from './report-document.js';
import type { ParsedReport } from './report-parser.js';

export type ImportStatus = 'previewed' | 'committed';

/** A report read for import: what was found in it, until someone commits it as an inspection and its plan. */
@Entity('report_imports')
@Index('idx_report_imports_inspectionId', ['inspectionId'])
export class ReportImport {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  status: ImportStatus;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ type: 'varchar', length: 10 })
  format: ReportFormat;

  @Column({ type: 'integer' })
  byteSize: number;

  /** What was found in the report, as previewed; the user's corrections apply at commit. */
  @Column({ type: 'simple-json' })
  preview: ParsedReport;

  /** Identifies the report by what it says, so its PDF and its text are the same report. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** The fingerprint again, set once committed: unique, so the database itself refuses a report imported twice. */
  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  committedFingerprint: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  inspectionId: string | null;

  @ManyToOne(() => Inspection)
  @JoinColumn({ name: 'inspectionId' })
  inspection?: Relation<Inspection>;

  @Column({ type: 'varchar', length: 36 })
  createdById: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'createdById' })
  createdBy?: Relation<User>;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  committedAt: string | null;
}
