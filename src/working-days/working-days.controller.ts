import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { WorkingDaysAnswer, WorkingDaysQuery } from './working-days.dto.js';
import { WorkingDays } from './working-days.service.js';

@ApiTags('working days')
@Controller('api')
export class WorkingDaysController {
  constructor(private readonly workingDays: WorkingDays) {}

  // calendar/working-days is the address this had before the calendar feeds took /api/calendar: kept for existing clients.
  @Get(['working-days', 'calendar/working-days'])
  @ApiOkResponse({ type: WorkingDaysAnswer, description: 'The date that many working days after `from` in England and Wales.' })
  @Allow('plan:read')
  add(@Query() query: WorkingDaysQuery): WorkingDaysAnswer {
    return { date: this.workingDays.addWorkingDays(query.from, query.add) };
  }
}
