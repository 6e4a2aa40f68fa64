import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { Mailer } from './mailer.service.js';
import { ReminderKinds } from './reminder-kind.js';
import { ReminderSchedule } from './reminder-schedule.js';
import { ReminderSweeper } from './reminder-sweeper.service.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersService } from './reminders.service.js';

/**
 * Sending reminders: claims, leases, retries, digests and delivery. The kinds of reminder live in
 * the features whose dates they are (RemindsOf); this module imports none of them.
 */
@Module({
  imports: [DiscoveryModule, WorkingDaysModule],
  controllers: [RemindersController],
  providers: [Mailer, ReminderKinds, ReminderSchedule, ReminderSweeper, RemindersService],
  exports: [ReminderKinds, ReminderSchedule, ReminderSweeper, RemindersService],
})
export class RemindersModule {}
