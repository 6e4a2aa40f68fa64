import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, ForbiddenError, InvalidInputError, TooManyAttemptsError, UnauthenticatedError } from '../common/errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { normaliseEmail } from '../users/email.js';
import { User } from '../users/user.entity.js';
import type { ChangePasswordDto, LoginDto, SignInsQuery, TokenAnswer } from './auth.dto.js';
import { Passwords } from './passwords.js';
import { grantOf, PERMISSIONS, type Permission } from './permissions.js';
import { SignIn, type SignInMethod, type SignInOutcome } from './sign-in.entity.js';
import { TokensService } from './tokens.service.js';

// Failed password sign-ins within the window count against the account and against the address.
// Per account stops guessing one person's password; per address stops one machine trying many accounts.
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
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
      // On PostgreSQL attempts for one account or address wait for each other here, so a burst of
      // guesses cannot all count the failures before any is recorded. (SQLite runs one at a time.)
      if (manager.dataSource.options.type === 'postgres') {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock(hashtext($2))', [
          `sign-in:email:${email}`,
          `sign-in:address:${address}`,
        ]);
      }
      const lockedOutFor = await this.lockedOutFor(manager, email, address);
      const user = await manager.findOneBy(User, { email });
      // Logged as a failure until the password proves right, so attempts made at the same moment count against each other.
      const logged = await this.record(manager, {
        method: 'password',
        email,
        address,
        userId: user?.id ?? null,
        outcome: lockedOutFor > 0 ? 'locked_out' : 'failure',
      });
      return { id: (logged.identifiers[0] as { id: number }).id, lockedOutFor, user };
    });
    if (attempt.lockedOutFor > 0) {
      this.logger.warn(`Sign-in refused for ${email} from ${address}: too many failed attempts.`);
      throw new TooManyAttemptsError(attempt.lockedOutFor);
    }

    // Hashing is slow on purpose: it runs outside any transaction, so it holds nothing up.
    const { user } = attempt;
    if (!(await this.passwords.verify(dto.password, user?.passwordHash ?? null)) || !user?.active)
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    const issued = await this.unitOfWork.write(async (manager) => {
      await manager.update(SignIn, { id: attempt.id }, { outcome: 'success' });
      return this.tokens.issueSession(manager, user.id);
    });
    return { token: issued.token, expiresAt: issued.expiresAt };
  }

  /** Single sign-on: the provider vouched for `email`, and it must belong to an active account here. */
  async signInWithProvider(email: string, address: string): Promise<TokenAnswer> {
    const normalised = normaliseEmail(email);
    const issued = await this.unitOfWork.write(async (manager) => {
      const user = await manager.findOneBy(User, { email: normalised });
      const account = user?.active ? user : null;
      await this.record(manager, {
        method: 'oidc',
        email: normalised,
        address,
        userId: user?.id ?? null,
        outcome: account ? 'success' : 'failure',
      });
      return account ? this.tokens.issueSession(manager, account.id) : null;
    });
    if (!issued)
      throw new ForbiddenError(
        `You signed in as ${normalised}, but no active account here has that address. Ask an administrator to add you.`,
      );
    return { token: issued.token, expiresAt: issued.expiresAt };
  }

  me(actor: SignedInUser) {
    const permissions = (Object.keys(PERMISSIONS) as Permission[]).flatMap((permission) => {
      const grant = grantOf(actor.role, permission);
      return grant ? [{ permission, grant }] : [];
    });
    return { id: actor.id, name: actor.name, email: actor.email, role: actor.role, permissions };
  }

  async changePassword(actor: SignedInUser, dto: ChangePasswordDto): Promise<void> {
    const user = await this.unitOfWork.read((manager) => manager.findOneByOrFail(User, { id: actor.id }));
    if (!user.passwordHash) throw new ConflictError('Your account signs in through single sign-on: it has no password here to change.');
    if (!(await this.passwords.verify(dto.currentPassword, user.passwordHash)))
      throw new InvalidInputError({ currentPassword: ['currentPassword is not your current password'] });
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.unitOfWork.write(async (manager) => {
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

  /** Seconds until a new attempt may be made, 0 when it may be made now. */
  private async lockedOutFor(manager: EntityManager, email: string, address: string): Promise<number> {
    const now = this.clock.now().getTime();
    const since = new Date(now - WINDOW_MS).toISOString();
    let wait = 0;
    for (const [column, value, limit] of [
      ['email', email, MAX_FAILURES_PER_ACCOUNT],
      ['address', address, MAX_FAILURES_PER_ADDRESS],
    ] as const) {
      const failures = await manager
        .createQueryBuilder(SignIn, 'attempt')
        .select('attempt.at', 'at')
        .where(`attempt.${column} = :value AND attempt.method = 'password' AND attempt.outcome = 'failure' AND attempt.at >= :since`, {
          value,
          since,
        })
        .orderBy('attempt.at', 'DESC')
        .limit(limit)
        .getRawMany<{ at: string }>();
      // Locked until the oldest of the last `limit` failures leaves the window.
      if (failures.length === limit) wait = Math.max(wait, Math.ceil((Date.parse(failures[limit - 1].at) + WINDOW_MS - now) / 1000));
    }
    return wait;
  }

  private record(
    manager: EntityManager,
    attempt: { method: SignInMethod; email: string; address: string; userId: string | null; outcome: SignInOutcome },
  ) {
    return manager.insert(SignIn, {
      ...attempt,
      email: attempt.email.slice(0, 320),
      address: attempt.address.slice(0, 64),
      at: this.clock.now().toISOString(),
    });
  }
}
