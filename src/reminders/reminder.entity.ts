import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

export const REMINDER_STATUSES = ['pending', 'claimed', 'sent', 'failed', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/**
 * One email to one person about one date, planned ahead in the database so that nothing
 * depends on a timer surviving a restart. Rows are never deleted: a sent one is the record
 * that it went, a cancelled one that it no longer needed to.
 */
@Entity('reminders')
@Index('idx_reminders_due', ['status', 'sendAfter'])
@Index('idx_reminders_subject', ['subjectId'])
export class Reminder {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** subject, recipient, deadline and step: the same reminder is never planned, nor sent, twice. */
  @Column({ type: 'varchar', length: 200, unique: true })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 10 })
  /** Which kind of reminder: the ReminderKind whose subject this is (action, plan, review…). */
  subject: string;

  /** The action's, the inspection's or the scrutiny review's id. */
  @Column({ type: 'varchar', length: 36 })
  subjectId: string;

  @Column({ type: 'varchar', length: 36 })
  inspectionId: string;

  @Column({ type: 'varchar', length: 36 })
  recipientId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'recipientId' })
  recipient?: Relation<User>;

  @Column({ type: 'varchar', length: 20 })
  /** Why this person gets it, in its kind's words (owner, assigner, plan_lead…). */
  recipientRole: string;

  /** The deadline the reminder is about, as it stood when planned. */
  @Column({ type: 'date' })
  dueOn: string;

  /** Working days from the deadline: negative before it, 0 on the day, positive overdue. */
  @Column({ type: 'integer' })
  step: number;

  /** The working day it goes out. */
  @Column({ type: 'date' })
  sendOn: string;

  /** ISO instant it may go from: the send time on sendOn, or later after a failed try. */
  @Column({ type: 'varchar', length: 30 })
  sendAfter: string;

  @Column({ type: 'varchar', length: 10 })
  status: ReminderStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Which sweep holds it, and until when: a sweep that dies lets go when its lease runs out. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  leaseUntil: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  sentAt: string | null;

  /** Stable for the message it went in, so a resend after a crash is recognisable as the same email. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  messageId: string | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;
}
