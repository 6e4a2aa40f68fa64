import { Module } from '@nestjs/common';
import { CalendarFeedsModule } from '../calendar-feeds/calendar-feeds.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { ImprovementAreasModule } from '../improvement-areas/improvement-areas.module.js';
import { InspectionsModule } from '../inspections/inspections.module.js';
import { ChartsModule } from '../charts/charts.module.js';
import { ProgressPagesController } from './progress-pages.controller.js';
import { MeasuresModule } from '../measures/measures.module.js';
import { RagModule } from '../rag/rag.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ScrutinyModule } from '../scrutiny/scrutiny.module.js';
import { SnapshotsModule } from '../snapshots/snapshots.module.js';
import { UsersModule } from '../users/users.module.js';
import { WorkingDaysModule } from '../working-days/working-days.module.js';
import { ActionsModule } from '../actions/actions.module.js';
import { AccountPagesController } from './account-pages.controller.js';
import { AdminPagesController } from './admin-pages.controller.js';
import { ActionListService } from './action-list.service.js';
import { AssetsController } from './assets.controller.js';
import { ChangeHistory } from './change-history.service.js';
import { ChangePagesController } from './change-pages.controller.js';
import { DeadlinePagesController } from './deadline-pages.controller.js';
import { HomeController } from './home.controller.js';
import { ListPagesController } from './list-pages.controller.js';
import { MeasurePagesController } from './measure-pages.controller.js';
import { MeasureUploadPagesController } from './measure-upload-pages.controller.js';
import { ImportPagesController } from './import-pages.controller.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { PlanCheckPagesController } from './plan-check-pages.controller.js';
import { PlanPagesController } from './plan-pages.controller.js';
import { PlanOverviewService } from './plan-overview.service.js';
import { ScrutinyPagesController } from './scrutiny-pages.controller.js';
import { SnapshotPagesController } from './snapshot-pages.controller.js';
import { SignInController } from './sign-in.controller.js';

/**
 * The web service council officers use: server-rendered GOV.UK Design System pages over the same
 * services as the API, signed in with a session cookie, with every form protected against CSRF.
 */
@Module({
  imports: [
    ActionsModule,
    CalendarFeedsModule,
    ImportsModule,
    ImprovementAreasModule,
    InspectionsModule,
    MeasuresModule,
    RagModule,
    RemindersModule,
    ReportsModule,
    ScrutinyModule,
    SnapshotsModule,
    UsersModule,
    ChartsModule,
    WorkingDaysModule,
  ],
  controllers: [
    AccountPagesController,
    AdminPagesController,
    AssetsController,
    ChangePagesController,
    DeadlinePagesController,
    HomeController,
    ImportPagesController,
    PlanCheckPagesController,
    ListPagesController,
    MeasurePagesController,
    MeasureUploadPagesController,
    PlanPagesController,
    ProgressPagesController,
    ScrutinyPagesController,
    SignInController,
    SnapshotPagesController,
  ],
  providers: [ActionListService, ChangeHistory, PageErrorFilter, PageRenderer, PlanOverviewService],
})
export class WebModule {}
