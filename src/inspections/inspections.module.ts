import { Module } from '@nestjs/common';
import { RagModule } from '../rag/rag.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { DeadlinesService } from './deadlines.service.js';
import { DraftPlanReminders } from './draft-plan.reminders.js';
import { InspectionsController } from './inspections.controller.js';
import { InspectionsService } from './inspections.service.js';
import { MovePlan } from './move-plan.js';
import { PlanDeadlineReminders } from './plan-deadline.reminders.js';

/** Inspections and their action plans: the plan's workflow (MovePlan), and the reminders of its deadline and of its draft. */
@Module({
  imports: [RagModule, RemindersModule, WorkingDaysModule],
  controllers: [InspectionsController],
  providers: [DeadlinesService, DraftPlanReminders, InspectionsService, MovePlan, PlanDeadlineReminders],
  exports: [DeadlinesService, InspectionsService, MovePlan],
})
export class InspectionsModule {}
