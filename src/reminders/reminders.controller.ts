import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { ReminderQuery } from './reminders.dto.js';
import { RemindersService } from './reminders.service.js';

@ApiTags('reminders')
@Controller('api/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  /** Pending, sent, failed (with the error) or cancelled reminders, soonest first: an administrator's are everyone's, anyone else's their own. */
  @Get()
  @Allow('plan:read')
  list(@Query() query: ReminderQuery, @Actor() actor: SignedInUser) {
    return this.reminders.list(query, actor);
  }
}
