import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Not, type EntityManager } from 'typeorm';
import type { AuditDetails } from '../audit/audit-event.entity.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { Passwords } from '../auth/passwords.js';
import { TokensService } from '../auth/tokens.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { findRows } from '../database/prepared-rows.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FollowUps } from '../moves/follow-ups.js';
import { normaliseEmail } from './email.js';
import type { PersonDto } from './person.dto.js';
import type {} from './user.changes.js';
import type { CreateUserDto, ResetPasswordDto, UpdateUserDto, UpdateUserPreferencesDto } from './user.dto.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly followUps: FollowUps,
    private readonly passwords: Passwords,
    private readonly tokens: TokensService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The account as its owner sees it, with how their reminders come; nothing secret. */
  preferences(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const { name, email, role, reminderDelivery } = await this.find(manager, id);
      return { id, name, email, role, reminderDelivery };
    });
  }

  /** A person's own choice of how reminders come; returns the account as its owner sees it, nothing secret. */
  updatePreferences(id: string, dto: UpdateUserPreferencesDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const user = await this.find(manager, id);
      if (user.reminderDelivery !== dto.reminderDelivery) {
        await manager.update(User, { id }, { reminderDelivery: dto.reminderDelivery });
        const details = { reminderDelivery: { from: user.reminderDelivery, to: dto.reminderDelivery } };
        await this.audit.record(manager, {
          entityType: 'user',
          entityId: id,
          inspectionId: null,
          event: 'PREFERENCES_UPDATED',
          actor,
          details,
        });
      }
      return { id, name: user.name, email: user.email, role: user.role, reminderDelivery: dto.reminderDelivery };
    });
  }

  /**
   * The user with this email, created if new. Safe when two transactions name the same new person at once.
   * Someone first named on a plan gets an inactive record: naming a person grants them nothing.
   */
  async resolve(manager: EntityManager, person: PersonDto): Promise<User> {
    const email = normaliseEmail(person.email);
    await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ id: randomUUID(), name: person.name.trim(), email, createdAt: this.clock.now().toISOString(), reminderDelivery: 'digest' })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(User, { email });
  }

  /** Whether the person with this address is on record but cannot sign in: named on a plan with no account yet, or with access removed. */
  hasNoAccess(email: string): Promise<boolean> {
    return this.unitOfWork.read((manager) => manager.existsBy(User, { email: normaliseEmail(email), active: false }));
  }

  /** The names of the people with these addresses, by address: a history records whom a change named by their address. */
  async namesOf(emails: readonly string[]): Promise<Record<string, string>> {
    const people = await this.unitOfWork.read((manager) => findRows(manager, User, { email: [...new Set(emails)] }));
    return Object.fromEntries(people.map((person) => [person.email, person.name]));
  }

  list() {
    return this.unitOfWork.read(async (manager) => (await manager.find(User, { order: { name: 'ASC', email: 'ASC' } })).map(view));
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => view(await this.find(manager, id)));
  }

  history(id: string) {
    return this.unitOfWork.read(async (manager) => this.audit.history(manager, [(await this.find(manager, id)).id]));
  }

  /** Gives someone an account: a new person, or someone already named on the plan whose record is inactive. */
  async create(dto: CreateUserDto, actor: SignedInUser) {
    if (dto.serviceAccount && dto.password)
      throw new InvalidInputError({ password: ['A service account signs in only with API tokens: leave the password out.'] });
    if (dto.serviceAccount && dto.role === 'admin')
      throw new InvalidInputError({ role: ['A service account cannot be an admin: admins are people.'] });
    const passwordHash = dto.password ? await this.passwords.hash(dto.password) : null;
    return this.unitOfWork.write(async (manager) => {
      const user = await this.resolve(manager, dto);
      if (user.active) throw new ConflictError(`${user.email} already has an account: change its role or name instead of adding it again.`);
      const changes = {
        name: dto.name.trim(),
        role: dto.role,
        active: true,
        passwordHash,
        mustChangePassword: passwordHash !== null,
        serviceAccount: dto.serviceAccount ?? false,
      };
      await manager.update(User, { id: user.id }, changes);
      Object.assign(user, changes);
      await this.followUps.publish(manager, 'user:written', { record: user, created: true, changed: Object.keys(changes), actor });
      await this.audit.record(manager, {
        entityType: 'user',
        entityId: user.id,
        inspectionId: null,
        event: 'ACCOUNT_CREATED',
        actor,
        details: { role: dto.role, password: passwordHash !== null, ...(changes.serviceAccount ? { serviceAccount: true } : {}) },
      });
      return view(user);
    });
  }

  /** Renames, changes role, deactivates or reactivates. Deactivating ends every session and API token at once. */
  update(id: string, dto: UpdateUserDto, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      // Two admins demoting each other at once must not both pass the last-admin check below: on
      // PostgreSQL, changes of role or activity wait for each other here. (SQLite runs one at a time.)
      if ((dto.role !== undefined || dto.active !== undefined) && manager.dataSource.options.type === 'postgres')
        await manager.query("SELECT pg_advisory_xact_lock(hashtext('users:roles'))");
      const user = await this.find(manager, id);
      const changes = { name: dto.name?.trim(), role: dto.role, active: dto.active };
      const details: AuditDetails = {};
      for (const [key, value] of Object.entries(changes) as Array<[keyof typeof changes, string | boolean | undefined]>) {
        if (value !== undefined && value !== user[key]) details[key] = { from: user[key], to: value };
      }
      if (Object.keys(details).length === 0) return view(user);

      const stillAdmin = (dto.role ?? user.role) === 'admin' && (dto.active ?? user.active);
      if (
        user.role === 'admin' &&
        user.active &&
        !stillAdmin &&
        !(await manager.existsBy(User, { role: 'admin', active: true, id: Not(id) }))
      ) {
        throw new ConflictError(
          'This is the last active admin: make someone else an admin first, so the service is never left without one.',
        );
      }
      await manager.update(User, { id }, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
      if (dto.active === false) details.tokensRevoked = await this.tokens.revoke(manager, { userId: id });
      await this.audit.record(manager, { entityType: 'user', entityId: id, inspectionId: null, event: 'ACCOUNT_UPDATED', actor, details });
      const updated = await this.find(manager, id);
      await this.followUps.publish(manager, 'user:written', { record: updated, created: false, changed: Object.keys(details), actor });
      return view(updated);
    });
  }

  /** Sets a temporary password the user must change at next sign-in, and signs them out everywhere. */
  async resetPassword(id: string, dto: ResetPasswordDto, actor: SignedInUser): Promise<void> {
    const passwordHash = await this.passwords.hash(dto.password);
    await this.unitOfWork.write(async (manager) => {
      await this.find(manager, id);
      await manager.update(User, { id }, { passwordHash, mustChangePassword: true });
      const sessionsEnded = await this.tokens.revokeOtherSessions(manager, id, null);
      await this.audit.record(manager, {
        entityType: 'user',
        entityId: id,
        inspectionId: null,
        event: 'PASSWORD_RESET',
        actor,
        details: { sessionsEnded },
      });
    });
  }

  private async find(manager: EntityManager, id: string): Promise<User> {
    const user = await manager.findOneBy(User, { id });
    if (!user) throw new NotFoundError('user', id);
    return user;
  }
}

export type UserView = ReturnType<typeof view>;

/**
 * Whether someone can sign in: an active account with a password, or signing in through single sign-on where it is set
 * up, or a service account with its tokens. The Users page and the director's check of the plan judge it alike.
 */
export function canSignIn(account: Pick<UserView, 'active' | 'hasPassword' | 'serviceAccount'>, singleSignOn: boolean): boolean {
  return account.active && (account.hasPassword || account.serviceAccount || singleSignOn);
}

/** A user as the API shows them: never the password hash. */
function view(user: User) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    active: user.active,
    hasPassword: user.passwordHash !== null,
    mustChangePassword: user.mustChangePassword,
    serviceAccount: user.serviceAccount,
    createdAt: user.createdAt,
  };
}
