import { Module } from '@nestjs/common';
import { RagModule } from '../rag/rag.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { AreaDueReminders } from './area-due.reminders.js';
import { ImprovementAreasController } from './improvement-areas.controller.js';
import { ImprovementAreasService } from './improvement-areas.service.js';
import { MoveArea } from './move-area.js';
import { SubmitAreasWithPlan } from './submit-with-plan.js';

/** Improvement areas: the area workflow (MoveArea), submitting the draft areas with their plan, and reminders of each area's date. */
@Module({
  imports: [RagModule, RemindersModule],
  controllers: [ImprovementAreasController],
  providers: [AreaDueReminders, ImprovementAreasService, MoveArea, SubmitAreasWithPlan],
  exports: [ImprovementAreasService, MoveArea],
})
export class ImprovementAreasModule {}
