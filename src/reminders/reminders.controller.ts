import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { ReminderQuery } from './reminders.dto.js';
import { RemindersService } from './reminders.service.js';

@ApiTags('reminders')
@Controller('api/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  /** Pending, sent, failed (with the error) or cancelled reminders, soonest first. */
  @Get()
  @Allow('plan:read')
  list(@Query() query: ReminderQuery) {
    return this.reminders.list(query);
  }
}
