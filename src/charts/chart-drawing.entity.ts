import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IsoDate } from '../common/dates.js';

/**
 * A chart drawn once, kept by what it shows (its key) so that every instance of the service, and the
 * service after a restart, finds it drawn: drawing a large plan's charts takes seconds of a worker's time.
 */
@Entity('chart_drawings')
@Index('idx_chart_drawings_used', ['usedOn'])
export class ChartDrawingRow {
  /** `chartKey`: a SHA-256 of everything the chart shows, so a chart whose figures change is a new row. */
  @PrimaryColumn({ type: 'varchar', length: 44 })
  key: string;

  @Column({ type: 'text' })
  svg: string;

  /** The picture Word shows, as PNG in base64 (one column type for SQLite and PostgreSQL), once a paper has needed it. */
  @Column({ type: 'text', nullable: true })
  png: string | null;

  /** The picture's size in CSS pixels. */
  @Column({ type: 'real', nullable: true })
  width: number | null;

  @Column({ type: 'real', nullable: true })
  height: number | null;

  /** The last day a page or paper showed it: a drawing no one has shown for a while is let go. */
  @Column({ type: 'date' })
  usedOn: IsoDate;
}
