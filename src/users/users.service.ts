import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { PersonDto } from './person.dto.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(private readonly clock: Clock) {}

  /** The user with this email, created if new. Safe when two transactions name the same new person at once. */
  async resolve(manager: EntityManager, person: PersonDto): Promise<User> {
    const email = person.email.trim().toLowerCase();
    await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ id: randomUUID(), name: person.name.trim(), email, createdAt: this.clock.now().toISOString() })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(User, { email });
  }
}
