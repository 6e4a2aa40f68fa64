import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * A person's calendar subscription. Calendar programs cannot sign in, so the link itself is the
 * secret: only its SHA-256 is kept, and revoking the feed makes the link stop working.
 */
@Entity('calendar_feeds')
@Index('idx_calendar_feeds_userId', ['userId'])
export class CalendarFeed {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  revokedAt: string | null;
}
