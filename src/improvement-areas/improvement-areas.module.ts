import { Module } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import { RagModule } from '../rag/rag.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { ImprovementAreasController } from './improvement-areas.controller.js';
import { ImprovementAreasService } from './improvement-areas.service.js';

@Module({
  imports: [RagModule, RemindersModule],
  controllers: [ImprovementAreasController],
  providers: [ActionsService, ImprovementAreasService],
  exports: [ActionsService, ImprovementAreasService],
})
export class ImprovementAreasModule {}
