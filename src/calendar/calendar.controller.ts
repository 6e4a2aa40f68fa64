import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { WorkingDaysAnswer, WorkingDaysQuery } from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';

@ApiTags('calendar')
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('working-days')
  @ApiOkResponse({ type: WorkingDaysAnswer, description: 'The date that many working days after `from` in England and Wales.' })
  @Allow('plan:read')
  workingDays(@Query() query: WorkingDaysQuery): WorkingDaysAnswer {
    return { date: this.calendar.addWorkingDays(query.from, query.add) };
  }
}
