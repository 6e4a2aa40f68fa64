import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { Passwords } from '../auth/passwords.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

/**
 * At start, makes sure someone can manage accounts: with no active admin, ADMIN_EMAIL becomes one,
 * with ADMIN_PASSWORD or else a one-time password that is printed to the log this once.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    private readonly audit: AuditTrailService,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly passwords: Passwords,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const hasAdmin = (manager: EntityManager) => manager.existsBy(User, { role: 'admin', active: true });
    if (await this.unitOfWork.read(hasAdmin)) return;

    const { email, password: given } = this.environment.admin;
    const password = given ?? this.passwords.oneTimePassword();
    const passwordHash = await this.passwords.hash(password);
    const made = await this.unitOfWork.write(async (manager) => {
      // Asked again inside the transaction: another instance starting at the same time may have answered it.
      if (await hasAdmin(manager)) return false;
      const user = await this.users.resolve(manager, { email, name: 'Administrator' });
      await manager.update(User, { id: user.id }, { role: 'admin', active: true, passwordHash, mustChangePassword: given === null });
      await this.audit.record(manager, {
        entityType: 'user',
        entityId: user.id,
        inspectionId: null,
        event: 'ACCOUNT_CREATED',
        actor: user,
        comment: 'The first administrator, made at start because there was no active admin.',
        details: { role: 'admin', password: true },
      });
      return true;
    });
    if (!made) return;
    if (given) {
      this.logger.log(`${email} is now the administrator, with the password in ADMIN_PASSWORD.`);
    } else {
      this.logger.warn(
        `No administrator yet: ${email} is now one, with the one-time password ${password} . Sign in with it (POST /api/auth/login) and choose your own (POST /api/auth/password); until then it can do nothing else. It is not shown again.`,
      );
    }
  }
}
