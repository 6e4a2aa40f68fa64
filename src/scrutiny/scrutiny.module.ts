import { Module } from '@nestjs/common';
import { ImprovementAreasModule } from '../improvement-areas/improvement-areas.module.js';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { ReviewSchedule } from './review-schedule.js';
import { ReviewQuestionReminders } from './review-questions.reminders.js';
import { ReviewReminders } from './review.reminders.js';
import { ScrutinyController } from './scrutiny.controller.js';
import { ScrutinyService } from './scrutiny.service.js';
import { SummaryRequests } from './summary-requests.js';

/** The scrutiny committee's reviews: when they fall, their reminders, and recording what the committee decided. */
@Module({
  imports: [ImprovementAreasModule, InspectionsModule, RemindersModule, WorkingDaysModule],
  controllers: [ScrutinyController],
  providers: [ReviewQuestionReminders, ReviewReminders, ReviewSchedule, ScrutinyService, SummaryRequests],
  exports: [ScrutinyService, SummaryRequests],
})
export class ScrutinyModule {}
