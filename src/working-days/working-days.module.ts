import { Module } from '@nestjs/common';
import { WorkingDaysController } from './working-days.controller.js';
import { WorkingDays } from './working-days.service.js';

@Module({
  controllers: [WorkingDaysController],
  providers: [WorkingDays],
  exports: [WorkingDays],
})
export class WorkingDaysModule {}
