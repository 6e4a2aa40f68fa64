import { Module } from '@nestjs/common';
import { RagModule } from '../rag/rag.module.js';
import { ImprovementAreasController } from './improvement-areas.controller.js';
import { ImprovementAreasService } from './improvement-areas.service.js';
import { MoveArea } from './move-area.js';
import { SubmitAreasWithPlan } from './submit-with-plan.js';

/** Improvement areas: the area workflow (MoveArea), and submitting the draft areas with their plan. */
@Module({
  imports: [RagModule],
  controllers: [ImprovementAreasController],
  providers: [ImprovementAreasService, MoveArea, SubmitAreasWithPlan],
  exports: [ImprovementAreasService, MoveArea],
})
export class ImprovementAreasModule {}
