import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import { RecordReviewDto, RescheduleReviewDto } from './scrutiny.dto.js';
import { ScrutinyService } from './scrutiny.service.js';

@ApiTags('scrutiny reviews')
@ApiHeader({ name: 'X-Actor-Email', required: false, description: 'Who is making a change (required on every write).' })
@Controller('api/inspections/:id/reviews')
export class ScrutinyController {
  constructor(private readonly scrutiny: ScrutinyService) {}

  @Get()
  list(@IdParam() id: string) {
    return this.scrutiny.list(id);
  }

  @Patch(':reviewId')
  reschedule(@IdParam() id: string, @Param('reviewId', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('Nothing here has that id.') })) reviewId: string, @Body() dto: RescheduleReviewDto, @Actor() actor: PersonDto) {
    return this.scrutiny.reschedule(id, reviewId, dto, actor);
  }

  @Post()
  record(@IdParam() id: string, @Body() dto: RecordReviewDto, @Actor() actor: PersonDto) {
    return this.scrutiny.record(id, dto, actor);
  }
}
