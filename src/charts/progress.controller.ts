import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { IdParam } from '../common/validation.js';
import { ProgressService } from './progress.service.js';

@ApiTags('progress')
@Controller('api/inspections/:id')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  /** The plan's progress over time: each chart's title, summary, figures and SVG, and each area's measures. */
  @Get('progress')
  @Allow('plan:read')
  ofPlan(@IdParam() id: string) {
    return this.progress.ofPlan(id);
  }
}
