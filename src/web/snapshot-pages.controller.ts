import { Controller, Get, Post, Res, StreamableFile, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { download } from '../reports/reports.service.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { PageErrorFilter } from './page-error.filter.js';

/** Snapshots in the browser: "Record a snapshot now" on the reviews page, and each snapshot's papers (the API's copies take a bearer token). */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class SnapshotPagesController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Post('inspections/:id/snapshots')
  @Allow('snapshot:take')
  async take(@IdParam() id: string, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const snapshot = await this.snapshots.takeNow(id, actor);
    response.redirect(303, `/inspections/${id}/reviews?done=${snapshot.id}#snapshots`);
  }

  @Get('snapshots/:id/paper.html')
  @Allow('plan:read')
  async paperHtml(@IdParam() id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    response.type('html');
    return this.snapshots.paperHtml(null, id);
  }

  @Get('snapshots/:id/paper.docx')
  @Allow('plan:read')
  async paperDocx(@IdParam() id: string): Promise<StreamableFile> {
    return download(await this.snapshots.paperDocx(null, id));
  }
}
