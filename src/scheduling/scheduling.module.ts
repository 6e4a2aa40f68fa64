import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { MissedDeadlines } from './missed-deadlines.js';
import { ScheduledWork } from './scheduled-work.service.js';

@Module({
  imports: [InspectionsModule, RemindersModule, ScheduleModule.forRoot()],
  providers: [MissedDeadlines, ScheduledWork],
  exports: [ScheduledWork],
})
export class SchedulingModule {}
