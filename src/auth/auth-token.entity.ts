import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

export type TokenKind = 'session' | 'api';

/**
 * A bearer token, stored only as its SHA-256: the token itself is shown once, when issued.
 * Every request looks its token up here, so revoking a token or deactivating its user takes effect at once.
 */
@Entity('auth_tokens')
@Index('idx_auth_tokens_userId', ['userId'])
export class AuthToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Hex SHA-256 of the token. A plain hash is enough: tokens are 256 random bits, not guessable like passwords. */
  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  /** 'session' from signing in; 'api' issued by an admin for an integration. */
  @Column({ type: 'varchar', length: 10 })
  kind: TokenKind;

  /** What an API token is for, e.g. "Performance dashboard"; null for sessions. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  /** ISO instant; null for an API token issued without an end date. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  expiresAt: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  revokedAt: string | null;

  /** The admin who issued an API token, named with every change made through it; null for sessions. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  issuedById: string | null;
}
