import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ActionsModule } from './actions/actions.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { WorkingDaysModule } from './working-days/working-days.module.js';
import { JsonOnlyMiddleware } from './common/json-only.middleware.js';
import { ConfigModule } from './config/config.module.js';
import type { Environment } from './config/environment.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { ImprovementAreasModule } from './improvement-areas/improvement-areas.module.js';
import { InspectionsModule } from './inspections/inspections.module.js';
import { MeasuresModule } from './measures/measures.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';
import { ScrutinyModule } from './scrutiny/scrutiny.module.js';
import { SnapshotsModule } from './snapshots/snapshots.module.js';
import { ChartsModule } from './charts/charts.module.js';
import { UsersModule } from './users/users.module.js';
import { WebModule } from './web/web.module.js';
import { MovesModule } from './moves/moves.module.js';
import { WorkerPoolModule } from './worker-pool/worker-pool.module.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(environment: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(environment),
        DatabaseModule,
        ActionsModule,
        AuditModule,
        AuthModule,
        WorkingDaysModule,
        HealthModule,
        CalendarFeedsModule,
        ImportsModule,
        ImprovementAreasModule,
        InspectionsModule,
        MeasuresModule,
        RemindersModule,
        ReportsModule,
        SchedulingModule,
        ScrutinyModule,
        SnapshotsModule,
        ChartsModule,
        UsersModule,
        WebModule,
        MovesModule,
        WorkerPoolModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // A report to import comes as a file or as text, and a spreadsheet of values as a file or as JSON: those routes check their bodies themselves.
    // Writes only: reads have no body to check, and Nest matched every one against the exclusion.
    consumer
      .apply(JsonOnlyMiddleware)
      .exclude(ImportsModule.reportRoute, MeasuresModule.uploadRoute)
      .forRoutes(...[RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH].map((method) => ({ path: 'api/{*path}', method })));
  }
}
