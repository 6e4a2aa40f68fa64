import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import { RecordReviewDto } from './scrutiny.dto.js';
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

  @Post()
  record(@IdParam() id: string, @Body() dto: RecordReviewDto, @Actor() actor: PersonDto) {
    return this.scrutiny.record(id, dto, actor);
  }
}
