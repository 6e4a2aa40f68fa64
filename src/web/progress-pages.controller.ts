import { Controller, Get, NotFoundException, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { ProgressService } from '../charts/progress.service.js';
import { IdParam } from '../common/validation.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

type Progress = Awaited<ReturnType<ProgressService['ofPlan']>>;

/**
 * The Progress page's charts and figures, rendered once for each version of the plan the service keeps
 * (ProgressService hands back the same object until the plan, its snapshots or the day change).
 */
const RENDERED = new WeakMap<Progress, string>();

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
    let body = RENDERED.get(progress);
    if (body === undefined) {
      body = this.pages.fragment('_progress-body.njk', { progress });
      RENDERED.set(progress, body);
    }
    this.pages.render(request, response, 'progress.njk', {
      title: 'Progress over time',
      authority: progress.authority,
      body,
      backLink: `/inspections/${id}`,
    });
  }

  /** One chart's drawing, as the page shows it. */
  @Get('progress/:part.svg')
  @Allow('plan:read')
  async chart(@IdParam() id: string, @Param('part') chartId: string, @Res() response: Response): Promise<void> {
    const progress = await this.progress.ofPlan(id);
    const chart = [...progress.charts, ...progress.areas.flatMap((area) => area.measures)].find((drawn) => drawn.id === chartId);
    if (!chart) throw new NotFoundException('This plan has no such chart.');
    // It shows the plan's figures: kept by no browser or proxy, as the pages are not.
    response.setHeader('Cache-Control', 'no-store');
    response.type('image/svg+xml').send(chart.svg);
  }
}
