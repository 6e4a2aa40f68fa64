import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ActionsModule } from './actions/actions.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { JsonOnlyMiddleware } from './common/json-only.middleware.js';
import { ConfigModule } from './config/config.module.js';
import type { Environment } from './config/environment.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { ImprovementAreasModule } from './improvement-areas/improvement-areas.module.js';
import { InspectionsModule } from './inspections/inspections.module.js';
import { UsersModule } from './users/users.module.js';
import { WorkflowModule } from './workflow/workflow.module.js';

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
        CalendarModule,
        HealthModule,
        ImprovementAreasModule,
        InspectionsModule,
        UsersModule,
        WorkflowModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonOnlyMiddleware).forRoutes('api/{*path}');
  }
}
