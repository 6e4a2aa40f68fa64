import { Module } from '@nestjs/common';
import { RagModule } from '../rag/rag.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { ActionAssignedReminders } from './action-assigned.reminders.js';
import { ActionDueReminders } from './action-due.reminders.js';
import { ActionNewsReminders } from './action-news.reminders.js';
import { ActionsController } from './actions.controller.js';
import { ActionsService } from './actions.service.js';
import { MoveAction } from './move-action.js';

/** Actions and their progress updates: the action workflow (MoveAction), the notices to an action's new owner and to whoever assigned it, and the reminders of each action's due date. */
@Module({
  imports: [RagModule, RemindersModule],
  controllers: [ActionsController],
  providers: [ActionAssignedReminders, ActionDueReminders, ActionNewsReminders, ActionsService, MoveAction],
  exports: [ActionsService],
})
export class ActionsModule {}
