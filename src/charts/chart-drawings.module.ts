import { Module } from '@nestjs/common';
import { ChartDrawingStore } from './chart-drawings.service.js';

/** Charts drawn once, for the Progress page and the committee papers alike. */
@Module({
  providers: [ChartDrawingStore],
  exports: [ChartDrawingStore],
})
export class ChartDrawingsModule {}
