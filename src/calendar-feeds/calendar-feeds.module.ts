import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module.js';
import { CalendarFeedsController } from './calendar-feeds.controller.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';

/** Each person's dates as an iCalendar feed: the dates of every kind of reminder they get (see ReminderKind.calendar). */
@Module({
  imports: [RemindersModule],
  controllers: [CalendarFeedsController],
  providers: [CalendarFeedsService],
  exports: [CalendarFeedsService],
})
export class CalendarFeedsModule {}
