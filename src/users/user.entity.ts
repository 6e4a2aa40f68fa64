import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '../auth/permissions.js';

export const REMINDER_DELIVERIES = ['digest', 'immediate'] as const;
export type ReminderDelivery = (typeof REMINDER_DELIVERIES)[number];

/**
 * A council officer: named on actions, areas and every audit entry. Someone named on the plan
 * gets a record at once, but can sign in only once an admin makes the account active.
 */
@Entity('users')
@Index('idx_users_oidc_identity', ['oidcIssuer', 'oidcSubject'], { unique: true })
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

  @Column({ type: 'varchar', length: 20, default: 'viewer' })
  role: Role;

  /** Only active users can sign in; a deactivated user's tokens stop working at once. */
  @Column({ type: 'boolean', default: false })
  active: boolean;

  /** scrypt, with its parameters (see auth/passwords.ts); null for people who sign in only through single sign-on. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  /** Set by a one-time or admin-reset password: until it is changed, the account can do nothing else. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** An integration's account, not a person's: the only kind that API tokens are issued for. It has no password. */
  @Column({ type: 'boolean', default: false })
  serviceAccount: boolean;

  /** The single sign-on provider (issuer) and its identifier for this person, bound at their first sign-in through it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  oidcIssuer: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  oidcSubject: string | null;
}

/** Who did something, as the audit trail records them. */
export type Person = Pick<User, 'id' | 'name' | 'email'>;
