import { Module } from '@nestjs/common';
import { ImprovementAreasModule } from '../improvement-areas/improvement-areas.module.js';
import { ActionsController } from './actions.controller.js';

/** The actions API; ActionsService lives with the areas it belongs to, which create actions too. */
@Module({
  imports: [ImprovementAreasModule],
  controllers: [ActionsController],
})
export class ActionsModule {}
