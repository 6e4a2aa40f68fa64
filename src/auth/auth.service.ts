import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, InvalidInputError, TooManyAttemptsError, UnauthenticatedError } from '../common/errors.js';
import { loggable } from '../common/loggable.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { normaliseEmail } from '../users/email.js';
import { User } from '../users/user.entity.js';
import type { ChangePasswordDto, LoginDto, SignInsQuery, TokenAnswer } from './auth.dto.js';
import type { ProviderIdentity } from './oidc.service.js';
import { Passwords } from './passwords.js';
import { grantOf, PERMISSIONS, type Permission } from './permissions.js';
import { SignIn, type SignInMethod } from './sign-in.entity.js';
import { TokensService } from './tokens.service.js';

// Failed attempts within the window slow further attempts down, counted three ways: for the account
// from this address, for the account from anywhere (guessing one person's password from many
// machines), and from this address for any account (one machine trying many). None of them refuses
// a correct password from an address that has no failures for that account, so nobody can lock
// someone else out: the attempts held back are only those of whoever has been getting it wrong.
const WINDOW_MS = 15 * 60_000;
/** Failures allowed before each count starts to slow attempts down. */
const FREE_FAILURES = { pair: 5, account: 10, address: 20 } as const;
/** The wait after the first failure past the allowance; it doubles with each failure after that, up to the window. */
const FIRST_DELAY_MS = 30_000;
// One message for every failure, so an answer never tells which accounts exist.
const WRONG_CREDENTIALS = 'That email address and password do not match an account that can sign in.';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly passwords: Passwords,
    private readonly tokens: TokensService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Checks the rate limits first, then the password. The limits are counted in the database, from
   * the same rows that audit each attempt, so they hold across instances and follow the injected clock.
   */
  async login(dto: LoginDto, address: string): Promise<TokenAnswer> {
    const email = normaliseEmail(dto.email);
    const attempt = await this.unitOfWork.write(async (manager) => {
      await this.oneAttemptAtATime(manager, 'password', email, address);
      const lockedOutFor = await this.lockedOutFor(manager, 'password', email, address);
      const user = await manager.findOneBy(User, { email });
      // Logged as a failure until the password proves right, so attempts made at the same moment count against each other.
      const logged = await this.record(manager, {
        method: 'password',
        email,
        address,
        userId: user?.id ?? null,
        outcome: lockedOutFor > 0 ? 'locked_out' : 'failure',
        failure:
          lockedOutFor > 0
            ? null
            : !user
              ? 'no_account'
              : !user.active
                ? 'no_access'
                : user.serviceAccount
                  ? 'service_account'
                  : !user.passwordHash
                    ? 'no_password'
                    : 'wrong_password',
      });
      return { id: (logged.identifiers[0] as { id: number }).id, lockedOutFor, user };
    });
    if (attempt.lockedOutFor > 0) {
      this.logger.warn(`Sign-in refused for ${loggable(email)} from ${loggable(address)}: too many failed attempts.`);
      throw new TooManyAttemptsError(attempt.lockedOutFor);
    }

    // Hashing is slow on purpose: it runs outside any transaction, so it holds nothing up.
    const { user } = attempt;
    if (!(await this.passwords.verify(dto.password, user?.passwordHash ?? null)) || !user?.active)
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    const issued = await this.unitOfWork.write(async (manager) => {
      await manager.update(SignIn, { id: attempt.id }, { outcome: 'success', failure: null });
      return this.tokens.issueSession(manager, user.id);
    });
    return { token: issued.token, expiresAt: issued.expiresAt };
  }

  /**
   * Single sign-on. The first sign-in through the provider finds the account by its email address
   * and binds it to the provider's identifier for the person; from then on the identifier finds it,
   * and another identity at the provider claiming the same address is refused.
   */
  async signInWithProvider(identity: ProviderIdentity, address: string): Promise<TokenAnswer> {
    const email = normaliseEmail(identity.email);
    const outcome = await this.unitOfWork.write(async (manager) => {
      const bound = await manager.findOneBy(User, { oidcIssuer: identity.issuer, oidcSubject: identity.subject });
      const user = bound ?? (await manager.findOneBy(User, { email }));
      const otherIdentity = !bound && user?.oidcIssuer != null;
      const account = user?.active && !user.serviceAccount && !otherIdentity ? user : null;
      await this.record(manager, {
        method: 'oidc',
        email,
        address,
        userId: user?.id ?? null,
        outcome: account ? 'success' : 'failure',
        failure: account
          ? null
          : !user
            ? 'no_account'
            : otherIdentity
              ? 'other_identity'
              : user.serviceAccount && user.active
                ? 'service_account'
                : 'no_access',
      });
      if (!account) return { refused: otherIdentity ? ('other identity' as const) : ('no account' as const) };
      if (!bound) {
        await manager.update(User, { id: account.id }, { oidcIssuer: identity.issuer, oidcSubject: identity.subject });
        await this.audit.record(manager, {
          entityType: 'user',
          entityId: account.id,
          inspectionId: null,
          event: 'SINGLE_SIGN_ON_LINKED',
          actor: account,
          details: { issuer: identity.issuer },
        });
      }
      return { issued: await this.tokens.issueSession(manager, account.id) };
    });
    if ('refused' in outcome) {
      throw new ForbiddenError(
        outcome.refused === 'other identity'
          ? `The account for ${email} signs in as someone else at your identity provider. Ask an administrator to check the account.`
          : `You signed in as ${email}, but no active account here has that address. Ask an administrator to add you.`,
      );
    }
    return { token: outcome.issued.token, expiresAt: outcome.issued.expiresAt };
  }

  me(actor: SignedInUser) {
    const permissions = (Object.keys(PERMISSIONS) as Permission[]).flatMap((permission) => {
      const grant = grantOf(actor.role, permission);
      return grant ? [{ permission, grant }] : [];
    });
    return { id: actor.id, name: actor.name, email: actor.email, role: actor.role, permissions };
  }

  /** Checks the current password under the same limits as signing in: a stolen session must not be a way to guess it. */
  async changePassword(actor: SignedInUser, dto: ChangePasswordDto, address: string): Promise<void> {
    const user = await this.unitOfWork.read((manager) => manager.findOneByOrFail(User, { id: actor.id }));
    if (!user.passwordHash) throw new ConflictError('Your account signs in through single sign-on: it has no password here to change.');
    // A temporary password was seen by whoever set it: keeping it would keep their key.
    if (dto.newPassword === dto.currentPassword)
      throw new InvalidInputError({ newPassword: ['Enter a new password that is different from your current one'] });
    const attempt = await this.unitOfWork.write(async (manager) => {
      await this.oneAttemptAtATime(manager, 'confirm', user.email, address);
      const lockedOutFor = await this.lockedOutFor(manager, 'confirm', user.email, address);
      const logged = await this.record(manager, {
        method: 'confirm',
        email: user.email,
        address,
        userId: user.id,
        outcome: lockedOutFor > 0 ? 'locked_out' : 'failure',
        failure: lockedOutFor > 0 ? null : 'wrong_password',
      });
      return { id: (logged.identifiers[0] as { id: number }).id, lockedOutFor };
    });
    if (attempt.lockedOutFor > 0) throw new TooManyAttemptsError(attempt.lockedOutFor, 'to give your current password');
    if (!(await this.passwords.verify(dto.currentPassword, user.passwordHash)))
      throw new InvalidInputError({ currentPassword: ['The current password you entered is not right'] });
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.unitOfWork.write(async (manager) => {
      await manager.update(SignIn, { id: attempt.id }, { outcome: 'success', failure: null });
      await manager.update(User, { id: actor.id }, { passwordHash, mustChangePassword: false });
      // Anyone else signed in with the old password is signed out; this session carries on.
      const signedOut = await this.tokens.revokeOtherSessions(manager, actor.id, actor.tokenId);
      await this.audit.record(manager, {
        entityType: 'user',
        entityId: actor.id,
        inspectionId: null,
        event: 'PASSWORD_CHANGED',
        actor,
        details: { sessionsEnded: signedOut },
      });
    });
  }

  async signOut(actor: SignedInUser): Promise<void> {
    await this.unitOfWork.write((manager) => this.tokens.revoke(manager, { id: actor.tokenId }));
  }

  /** The sign-in log, newest first. */
  signIns(query: SignInsQuery) {
    return this.unitOfWork.read((manager) =>
      manager.find(SignIn, { where: query.email ? { email: normaliseEmail(query.email) } : {}, order: { id: 'DESC' }, take: 200 }),
    );
  }

  /** Seconds until a new attempt of this kind may be made, 0 when it may be made now. */
  private async lockedOutFor(manager: EntityManager, method: SignInMethod, email: string, address: string): Promise<number> {
    const now = this.clock.now().getTime();
    const failures = (where: string, values: Record<string, string>) =>
      manager
        .createQueryBuilder(SignIn, 'attempt')
        .select('COUNT(*)', 'count')
        .addSelect('MAX(attempt.at)', 'latest')
        .where(`${where} AND attempt.method = :method AND attempt.outcome = 'failure' AND attempt.at >= :since`, {
          ...values,
          method,
          since: new Date(now - WINDOW_MS).toISOString(),
        })
        .getRawOne<{ count: number | string; latest: string | null }>();
    const pair = await failures('attempt.email = :email AND attempt.address = :address', { email, address });
    // An address that has not failed for this account is never held back: that is how one person locked out another.
    if (!pair?.latest) return 0;
    let wait = 0;
    for (const [count, free] of [
      [pair, FREE_FAILURES.pair],
      [await failures('attempt.email = :email', { email }), FREE_FAILURES.account],
      [await failures('attempt.address = :address', { address }), FREE_FAILURES.address],
    ] as const) {
      const failed = Number(count?.count ?? 0);
      if (failed < free || !count?.latest) continue;
      const delay = Math.min(WINDOW_MS, FIRST_DELAY_MS * 2 ** (failed - free));
      wait = Math.max(wait, Math.ceil((Date.parse(count.latest) + delay - now) / 1000));
    }
    return wait;
  }

  /**
   * On PostgreSQL attempts for one account or address wait for each other here, so a burst of
   * guesses cannot all count the failures before any is recorded. (SQLite runs one at a time.)
   */
  private async oneAttemptAtATime(manager: EntityManager, method: SignInMethod, email: string, address: string): Promise<void> {
    if (manager.dataSource.options.type !== 'postgres') return;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock(hashtext($2))', [
      `${method}:email:${email}`,
      `${method}:address:${address}`,
    ]);
  }

  private record(manager: EntityManager, attempt: Pick<SignIn, 'method' | 'email' | 'address' | 'userId' | 'outcome' | 'failure'>) {
    return manager.insert(SignIn, {
      ...attempt,
      email: attempt.email.slice(0, 320),
      address: attempt.address.slice(0, 64),
      at: this.clock.now().toISOString(),
    });
  }
}
