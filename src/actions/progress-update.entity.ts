import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Action, type RagRating } from './action.entity.js';

/** An owner's account of where an action stands. Never edited: a new one supersedes it. */
@Entity('progress_updates')
@Index('idx_progress_updates_actionId', ['actionId'])
export class ProgressUpdate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  actionId: string;

  @ManyToOne(() => Action)
  @JoinColumn({ name: 'actionId' })
  action?: Relation<Action>;

  @Column({ type: 'varchar', length: 36 })
  authorId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'authorId' })
  author?: Relation<User>;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer' })
  percentComplete: number;

  @Column({ type: 'varchar', length: 10, nullable: true })
  rag: RagRating | null;

  /** The date the update describes, which may be earlier than when it was typed in. */
  @Column({ type: 'date' })
  reportedOn: string;

  /** What is being done to bring a slipping action back on track. */
  @Column({ type: 'text', nullable: true })
  mitigation: string | null;

  /** The date the owner now expects the action done; its due date stays as agreed until someone changes it. */
  @Column({ type: 'date', nullable: true })
  revisedDueOn: string | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;
}
