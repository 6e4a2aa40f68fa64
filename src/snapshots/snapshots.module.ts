import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { UsersModule } from '../users/users.module.js';
import { MonthEndSnapshots } from './month-end-snapshots.js';
import { ReviewSnapshots } from './review.snapshots.js';
import { SnapshotsController } from './snapshots.controller.js';
import { SnapshotsService } from './snapshots.service.js';

/** Snapshots of each plan: at each scrutiny review, on demand and at each month end; and their papers, the same every time. */
@Module({
  imports: [ReportsModule, UsersModule],
  controllers: [SnapshotsController],
  providers: [MonthEndSnapshots, ReviewSnapshots, SnapshotsService],
  exports: [MonthEndSnapshots, SnapshotsService],
})
export class SnapshotsModule {}
