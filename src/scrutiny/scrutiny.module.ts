import { Module } from '@nestjs/common';
import { ImprovementAreasModule } from '../improvement-areas/improvement-areas.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { ScrutinyController } from './scrutiny.controller.js';
import { ScrutinyService } from './scrutiny.service.js';

@Module({
  imports: [ImprovementAreasModule, RemindersModule],
  controllers: [ScrutinyController],
  providers: [ScrutinyService],
  exports: [ScrutinyService],
})
export class ScrutinyModule {}
