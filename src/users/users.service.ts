import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { PersonDto } from './person.dto.js';
import type { UpdateUserPreferencesDto } from './user.dto.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  list(email?: string) {
    return this.unitOfWork.read((manager) => manager.find(User, { where: email ? { email: email.trim().toLowerCase() } : {}, order: { name: 'ASC' } }));
  }

  updatePreferences(id: string, dto: UpdateUserPreferencesDto) {
    return this.unitOfWork.write(async (manager) => {
      const result = await manager.update(User, { id }, { reminderDelivery: dto.reminderDelivery });
      if (result.affected !== 1) throw new NotFoundError('user', id);
      return manager.findOneByOrFail(User, { id });
    });
  }

  /** The user with this email, created if new. Safe when two transactions name the same new person at once. */
  async resolve(manager: EntityManager, person: PersonDto): Promise<User> {
    const email = person.email.trim().toLowerCase();
    await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ id: randomUUID(), name: person.name.trim(), email, createdAt: this.clock.now().toISOString(), reminderDelivery: 'digest' })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(User, { email });
  }
}
