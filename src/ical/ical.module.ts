import { Module } from '@nestjs/common';
import { IcalController } from './ical.controller.js';
import { IcalService } from './ical.service.js';

@Module({
  controllers: [IcalController],
  providers: [IcalService],
})
export class IcalModule {}
