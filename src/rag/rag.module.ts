import { Module } from '@nestjs/common';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { RagService } from './rag.service.js';

@Module({
  imports: [WorkingDaysModule],
  providers: [RagService],
  exports: [RagService],
})
export class RagModule {}
