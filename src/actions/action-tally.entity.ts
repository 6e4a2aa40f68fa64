import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RagRating } from './action.entity.js';

/**
 * How many of an area's actions have each rating and state. Written only by triggers on actions
 * (see the DashboardTallies migration), so it always agrees with them; the app only reads it.
 */
@Entity('action_tallies')
export class ActionTally {
  /** The actions' area; no foreign key (see the migration): the actions' own keeps them to real areas. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  areaId: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  rag: RagRating | 'unrated';

  @PrimaryColumn({ type: 'varchar', length: 40 })
  state: string;

  /** Zero once the last such action has moved on: the row stays. */
  @Column({ type: 'integer' })
  count: number;
}
