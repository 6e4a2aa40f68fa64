import type { ActionState } from '../../workflows/action.machine.js';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { User } from '../users/user.entity.js';
import { WorkflowRecord } from '../moves/workflow-record.js';

export const RAG_RATINGS = ['red', 'amber', 'green'] as const;
export type RagRating = (typeof RAG_RATINGS)[number];

/** Something a named officer will do by a date, and how the council will know it worked. */
@Entity('actions')
@Index('idx_actions_areaId', ['areaId'])
@Index('idx_actions_ownerId', ['ownerId'])
@Index('uq_actions_position', ['areaId', 'position'], { unique: true })
export class Action extends WorkflowRecord<ActionState> {
  @Column({ type: 'varchar', length: 36 })
  areaId: string;

  @ManyToOne(() => ImprovementArea)
  @JoinColumn({ name: 'areaId' })
  area?: Relation<ImprovementArea>;

  /** Order within its area; the reference ("2.3") derives from it. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  ownerId: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'ownerId' })
  owner?: Relation<User>;

  /** The deputy director who last assigned the owner: told when the action goes overdue. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  assignedById: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assignedById' })
  assignedBy?: Relation<User>;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  /** Times the due date has changed once set, counted by a trigger (see the DueDateMoves migration); a moving date puts an action at risk. */
  @Column({ type: 'integer', default: 0 })
  dueDateMoves: number;

  @Column({ type: 'text', nullable: true })
  successMeasure: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  rag: RagRating | null;

  /** Why the rating was given: members asked for ratings that explain themselves. */
  @Column({ type: 'text', nullable: true })
  ragReason: string | null;
}
