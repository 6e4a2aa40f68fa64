import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { download } from '../reports/reports.service.js';
import { SnapshotsService } from './snapshots.service.js';

const SnapshotParam = () =>
  Param('snapshotId', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('Nothing here has that id.') }));

/** A plan's snapshots: taken on demand, listed, read, and their committee papers, rebuilt from the snapshot alone. No call changes one. */
@ApiTags('snapshots')
@Controller('api/inspections/:id/snapshots')
export class SnapshotsController {
  constructor(private readonly snapshots: SnapshotsService) {}

  @Get()
  @Allow('plan:read')
  list(@IdParam() id: string) {
    return this.snapshots.list(id);
  }

  @Post()
  @Allow('snapshot:take')
  take(@IdParam() id: string, @Actor() actor: SignedInUser) {
    return this.snapshots.takeNow(id, actor);
  }

  @Get(':snapshotId')
  @Allow('plan:read')
  read(@IdParam() id: string, @SnapshotParam() snapshotId: string) {
    return this.snapshots.read(id, snapshotId);
  }

  @Get(':snapshotId/paper.docx')
  @Allow('plan:read')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async paperDocx(@IdParam() id: string, @SnapshotParam() snapshotId: string) {
    return download(await this.snapshots.paperDocx(id, snapshotId));
  }

  @Get(':snapshotId/paper.html')
  @Allow('plan:read')
  @ApiProduces('text/html')
  async paperHtml(@IdParam() id: string, @SnapshotParam() snapshotId: string) {
    return new StreamableFile(Buffer.from(await this.snapshots.paperHtml(id, snapshotId), 'utf8'), { type: 'text/html; charset=utf-8' });
  }
}
