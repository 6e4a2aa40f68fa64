import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { ProgressService } from '../charts/progress.service.js';
import { IdParam } from '../common/validation.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

/** The Progress page: the plan's charts over time and each measure against its trajectory, drawn on the server, so no JavaScript is needed. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller('inspections/:id')
export class ProgressPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly progress: ProgressService,
  ) {}

  @Get('progress')
  @Allow('plan:read')
  async show(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    const progress = await this.progress.ofPlan(id);
    this.pages.render(request, response, 'progress.njk', { title: 'Progress over time', progress, backLink: `/inspections/${id}` });
  }
}
