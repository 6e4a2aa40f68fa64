import { Module } from '@nestjs/common';
import { ChartDrawingsModule } from '../charts/chart-drawings.module.js';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { RagModule } from '../rag/rag.module.js';
import { PlanModelService } from './plan-model.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [ChartDrawingsModule, InspectionsModule, RagModule],
  controllers: [ReportsController],
  providers: [PlanModelService, ReportsService],
  exports: [PlanModelService, ReportsService],
})
export class ReportsModule {}
