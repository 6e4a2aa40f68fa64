import { Module } from '@nestjs/common';
import { RagModule } from '../rag/rag.module.js';
import { PlanModelService } from './plan-model.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [RagModule],
  controllers: [ReportsController],
  providers: [PlanModelService, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
