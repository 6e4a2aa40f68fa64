import { Module } from '@nestjs/common';
import { MeasuresController } from './measures.controller.js';
import { MeasuresService } from './measures.service.js';

/** Measures of impact on improvement areas and actions: their trajectories, the values entered, and their ratings. */
@Module({
  controllers: [MeasuresController],
  providers: [MeasuresService],
  exports: [MeasuresService],
})
export class MeasuresModule {}
