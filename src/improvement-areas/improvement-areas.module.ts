import { Module } from '@nestjs/common';
import { ActionsService } from '../actions/actions.service.js';
import { ImprovementAreasController } from './improvement-areas.controller.js';
import { ImprovementAreasService } from './improvement-areas.service.js';

@Module({
  controllers: [ImprovementAreasController],
  providers: [ActionsService, ImprovementAreasService],
  exports: [ActionsService, ImprovementAreasService],
})
export class ImprovementAreasModule {}
