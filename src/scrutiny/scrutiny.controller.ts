import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { RecordReviewDto, RescheduleReviewDto } from './scrutiny.dto.js';
import { ScrutinyService } from './scrutiny.service.js';

@ApiTags('scrutiny reviews')
@Controller('api/inspections/:id/reviews')
export class ScrutinyController {
  constructor(private readonly scrutiny: ScrutinyService) {}

  @Get()
  @Allow('plan:read')
  list(@IdParam() id: string) {
    return this.scrutiny.list(id);
  }

  @Patch(':reviewId')
  @Allow('scrutiny:record')
  reschedule(@IdParam() id: string, @IdParam('reviewId') reviewId: string, @Body() dto: RescheduleReviewDto, @Actor() actor: SignedInUser) {
    return this.scrutiny.reschedule(id, reviewId, dto, actor);
  }

  @Post()
  @Allow('scrutiny:record')
  record(@IdParam() id: string, @Body() dto: RecordReviewDto, @Actor() actor: SignedInUser) {
    return this.scrutiny.record(id, dto, actor);
  }
}
