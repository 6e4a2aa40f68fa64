import { Module } from '@nestjs/common';
import { ChartDrawingsModule } from './chart-drawings.module.js';
import { ChartsDrawnAhead } from './charts-drawn-ahead.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ProgressController } from './progress.controller.js';
import { ProgressService } from './progress.service.js';

/** Progress over time in charts: for the Progress page, the API and (through the worker pool) the committee paper. */
@Module({
  imports: [ChartDrawingsModule, ReportsModule],
  controllers: [ProgressController],
  providers: [ChartsDrawnAhead, ProgressService],
  exports: [ProgressService],
})
export class ChartsModule {}
