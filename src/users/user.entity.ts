import { Column, Entity, PrimaryColumn } from 'typeorm';

export const REMINDER_DELIVERIES = ['digest', 'immediate'] as const;
export type ReminderDelivery = (typeof REMINDER_DELIVERIES)[number];

/** A council officer: named on actions, areas and every audit entry. */
@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 320, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  /** One email a day listing everything (the default), or one email per reminder. */
  @Column({ type: 'varchar', length: 10, default: 'digest' })
  reminderDelivery: ReminderDelivery;
}
