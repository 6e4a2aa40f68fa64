import { Module } from '@nestjs/common';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { ImprovementAreasModule } from '../improvement-areas/improvement-areas.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { ScrutinyModule } from '../scrutiny/scrutiny.module.js';
import { DeadlinesService } from './deadlines.service.js';
import { InspectionsController } from './inspections.controller.js';
import { InspectionsService } from './inspections.service.js';

@Module({
  imports: [WorkingDaysModule, ImprovementAreasModule, RemindersModule, ScrutinyModule],
  controllers: [InspectionsController],
  providers: [DeadlinesService, InspectionsService],
  exports: [InspectionsService],
})
export class InspectionsModule {}
