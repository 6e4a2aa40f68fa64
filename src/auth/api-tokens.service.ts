import { Injectable } from '@nestjs/common';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import type { SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors.js';
import { addDays } from '../common/dates.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from '../users/user.entity.js';
import type { ApiTokensQuery, IssueApiTokenDto } from './auth.dto.js';
import { AuthToken } from './auth-token.entity.js';
import { TokensService } from './tokens.service.js';

@Injectable()
export class ApiTokensService {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly clock: Clock,
    private readonly tokens: TokensService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  list(query: ApiTokensQuery) {
    return this.unitOfWork.read(async (manager) => {
      const found = await manager.find(AuthToken, {
        where: { kind: 'api', ...(query.userId ? { userId: query.userId } : {}) },
        relations: { user: true },
        order: { createdAt: 'DESC' },
      });
      return found.map(listed);
    });
  }

  get(id: string) {
    return this.unitOfWork.read(async (manager) => {
      const token = await manager.findOne(AuthToken, { where: { id, kind: 'api' }, relations: { user: true } });
      if (!token) throw new NotFoundError('API token', id);
      return listed(token);
    });
  }

  issue(dto: IssueApiTokenDto, actor: SignedInUser) {
    if (dto.expiresOn && dto.expiresOn < this.clock.today())
      throw new InvalidInputError({ expiresOn: ['The date it expires must be today or in the future'] });
    return this.unitOfWork.write(async (manager) => {
      const user = await manager.findOneBy(User, { id: dto.userId });
      if (!user) throw new NotFoundError('user', dto.userId);
      if (!user.active) throw new ConflictError(`${user.email} is not active: activate the account before issuing it a token.`);
      // A token for a person's account would let whoever issued it act, and be recorded, as that person.
      if (!user.serviceAccount) {
        throw new ConflictError(
          `${user.email} is a person's account. API tokens are only for service accounts: give the integration an account of its own, as a service account, and issue the token to that.`,
        );
      }
      // Works to the end of the day given, in UTC.
      const expiresAt = dto.expiresOn ? `${addDays(dto.expiresOn, 1)}T00:00:00.000Z` : null;
      const issued = await this.tokens.issueApiToken(manager, user.id, dto.name.trim(), expiresAt, actor.id);
      await this.audit.record(manager, {
        entityType: 'user',
        entityId: user.id,
        inspectionId: null,
        event: 'API_TOKEN_ISSUED',
        actor,
        details: { token: dto.name.trim(), expiresAt },
      });
      return issued;
    });
  }

  revoke(id: string, actor: SignedInUser) {
    return this.unitOfWork.write(async (manager) => {
      const token = await manager.findOneBy(AuthToken, { id, kind: 'api' });
      if (!token) throw new NotFoundError('API token', id);
      if ((await this.tokens.revoke(manager, { id })) === 0) return;
      await this.audit.record(manager, {
        entityType: 'user',
        entityId: token.userId,
        inspectionId: null,
        event: 'API_TOKEN_REVOKED',
        actor,
        details: { token: token.name },
      });
    });
  }
}

function listed(token: AuthToken) {
  return {
    id: token.id,
    name: token.name,
    user: { id: token.userId, name: token.user!.name, email: token.user!.email },
    issuedById: token.issuedById,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
  };
}
