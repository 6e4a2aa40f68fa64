import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { selectRows } from '../database/prepared-rows.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from '../users/user.entity.js';
import { AuthToken, type TokenKind } from './auth-token.entity.js';
import { hashSecret, newTokenSecret } from './token-secret.js';

export interface IssuedToken {
  id: string;
  token: string;
  expiresAt: string | null;
}

/**
 * Opaque bearer tokens, looked up on every request. Chosen over signed tokens (JWTs) because
 * revoking one, or deactivating its user, must take effect on the next request: with a lookup
 * that is one row, with no signing key to keep secret and rotate, and no blocklist to share.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly clock: Clock,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** A token from signing in: it lasts TOKEN_TTL_MINUTES. */
  issueSession(manager: EntityManager, userId: string): Promise<IssuedToken> {
    const expiresAt = new Date(this.clock.now().getTime() + this.environment.tokenTtlMinutes * 60_000).toISOString();
    return this.issue(manager, { userId, kind: 'session', name: null, expiresAt, issuedById: null });
  }

  /** A long-lived token for an integration, issued by an admin; it lasts until `expiresAt` or until revoked. */
  issueApiToken(manager: EntityManager, userId: string, name: string, expiresAt: string | null, issuedById: string): Promise<IssuedToken> {
    return this.issue(manager, { userId, kind: 'api', name, expiresAt, issuedById });
  }

  /** The active user behind a token, or null when the token is unknown, expired or revoked, or its user is deactivated. */
  authenticate(token: string): Promise<(SignedInUser & Pick<User, 'mustChangePassword'>) | null> {
    return this.unitOfWork.read(async (manager) => {
      // Every request runs this: one prepared statement, and only the columns a request needs, read as they come.
      const [found] = await selectRows<
        Omit<SignedInUser, 'apiToken'> & { mustChangePassword: boolean | number; kind: TokenKind; issuedById: string | null }
      >(
        manager,
        'authenticate',
        (sql) => {
          const token = (property: string) => sql.column(AuthToken, property, 't');
          const user = (property: string) => sql.column(User, property, 'u');
          return [
            `SELECT ${token('id')} AS "tokenId", ${user('id')} AS id, ${user('name')} AS name, ${user('email')} AS email,`,
            `${user('role')} AS role, ${user('mustChangePassword')} AS "mustChangePassword",`,
            `${token('kind')} AS kind, ${token('issuedById')} AS "issuedById"`,
            `FROM ${sql.table(AuthToken)} t JOIN ${sql.table(User)} u ON ${user('id')} = ${token('userId')}`,
            `WHERE ${token('tokenHash')} = ${sql.param('tokenHash')} AND ${token('revokedAt')} IS NULL`,
            `AND (${token('expiresAt')} IS NULL OR ${token('expiresAt')} > ${sql.param('now')}) AND ${user('active')} = ${sql.param('active')}`,
          ].join(' ');
        },
        { tokenHash: hashSecret(token), now: this.clock.now().toISOString(), active: true },
      );
      // SQLite keeps booleans as 0 and 1.
      if (!found) return null;
      const { kind, issuedById, mustChangePassword, ...user } = found;
      return {
        ...user,
        mustChangePassword: Boolean(mustChangePassword),
        apiToken: kind === 'api' ? { id: user.tokenId, issuedById } : null,
      };
    });
  }

  /** Revokes the tokens that match and are not already revoked; returns how many. */
  async revoke(manager: EntityManager, where: FindOptionsWhere<AuthToken>): Promise<number> {
    const result = await manager.update(AuthToken, { ...where, revokedAt: IsNull() }, { revokedAt: this.clock.now().toISOString() });
    return result.affected ?? 0;
  }

  /** Every session of a user except the one in use, e.g. after they change their password elsewhere. */
  revokeOtherSessions(manager: EntityManager, userId: string, keepTokenId: string | null): Promise<number> {
    return this.revoke(manager, { userId, kind: 'session', ...(keepTokenId ? { id: Not(keepTokenId) } : {}) });
  }

  private async issue(
    manager: EntityManager,
    fields: Pick<AuthToken, 'userId' | 'kind' | 'name' | 'expiresAt' | 'issuedById'>,
  ): Promise<IssuedToken> {
    const { token, tokenHash } = newTokenSecret();
    const id = randomUUID();
    await manager.insert(AuthToken, { id, tokenHash, ...fields, createdAt: this.clock.now().toISOString(), revokedAt: null });
    return { id, token, expiresAt: fields.expiresAt };
  }
}
