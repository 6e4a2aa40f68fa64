import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

/** 'confirm': the current password given to change it, limited like a sign-in. */
export type SignInMethod = 'password' | 'oidc' | 'confirm';
export type SignInOutcome = 'success' | 'failure' | 'locked_out';
/**
 * Why an attempt failed, for the sign-in log alone: whoever tried is told the same thing whatever the reason, so
 * that nobody can learn from the answer which addresses have accounts.
 */
export type SignInFailure = 'wrong_password' | 'no_account' | 'no_access' | 'service_account' | 'no_password' | 'other_identity';

/** Every attempt to sign in, kept for the audit and counted to slow down password guessing. */
@Entity('sign_ins')
@Index('idx_sign_ins_email_at', ['email', 'at'])
@Index('idx_sign_ins_address_at', ['address', 'at'])
export class SignIn {
  @PrimaryGeneratedColumn('increment')
  id: number;

  /** ISO instant (UTC). */
  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'varchar', length: 10 })
  method: SignInMethod;

  /** As given, lower-cased: failures count against an address whether or not an account has it. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  /** The client's IP address, as Express sees it (set TRUST_PROXY behind a load balancer). */
  @Column({ type: 'varchar', length: 64 })
  address: string;

  @Column({ type: 'varchar', length: 20 })
  outcome: SignInOutcome;

  /** Null for a success, and for a failure logged before reasons were kept. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  failure: SignInFailure | null;
}
