import { Module, RequestMethod } from '@nestjs/common';
import { ImprovementAreasModule } from '../improvement-areas/improvement-areas.module.js';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

/** Importing an Ofsted report: preview what it says, then commit it as an inspection with its draft plan. */
@Module({
  imports: [ImprovementAreasModule, InspectionsModule],
  controllers: [ImportsController],
  providers: [ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {
  /** The one route under /api that is not JSON-only (see AppModule). */
  static readonly reportRoute = { path: 'api/imports', method: RequestMethod.POST };
}
