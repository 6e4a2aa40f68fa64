import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { RagService } from './rag.service.js';

@Module({
  imports: [CalendarModule],
  providers: [RagService],
  exports: [RagService],
})
export class RagModule {}
