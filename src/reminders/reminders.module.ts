import { Module } from '@nestjs/common';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { Mailer } from './mailer.service.js';
import { ReminderPlanner } from './reminder-planner.service.js';
import { ReminderSweeper } from './reminder-sweeper.service.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [WorkingDaysModule],
  controllers: [RemindersController],
  providers: [Mailer, ReminderPlanner, ReminderSweeper, RemindersService],
  exports: [ReminderPlanner, ReminderSweeper, RemindersService],
})
export class RemindersModule {}
