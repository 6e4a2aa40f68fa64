import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module.js';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { DeadlinesService } from './deadlines.service.js';
import { InspectionsController } from './inspections.controller.js';
import { InspectionsService } from './inspections.service.js';
import { MovePlan } from './move-plan.js';
import { PlanDeadlineReminders } from './plan-deadline.reminders.js';

/** Inspections and their action plans: the plan's workflow (MovePlan) and its statutory deadline's reminders. */
@Module({
  imports: [RemindersModule, WorkingDaysModule],
  controllers: [InspectionsController],
  providers: [DeadlinesService, InspectionsService, MovePlan, PlanDeadlineReminders],
  exports: [InspectionsService, MovePlan],
})
export class InspectionsModule {}
