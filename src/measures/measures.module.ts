import { Module, RequestMethod } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module.js';
import { MeasureDataReminders } from './measure-data.reminders.js';
import { MeasuresController } from './measures.controller.js';
import { MeasuresService } from './measures.service.js';

/** Measures of impact on improvement areas and actions: their trajectories, the values entered, their ratings, and the reminders of figures due. */
@Module({
  imports: [RemindersModule],
  controllers: [MeasuresController],
  providers: [MeasureDataReminders, MeasuresService],
  exports: [MeasuresService],
})
export class MeasuresModule {
  /** The upload of values, which takes a file as well as JSON: not JSON-only (see AppModule); its controller checks its bodies. */
  static readonly uploadRoute = { path: 'api/areas/:id/measure-uploads', method: RequestMethod.POST };
}
