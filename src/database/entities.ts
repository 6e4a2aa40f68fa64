import { ActionTally } from '../actions/action-tally.entity.js';
import { Action } from '../actions/action.entity.js';
import { ProgressUpdate } from '../actions/progress-update.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuthToken } from '../auth/auth-token.entity.js';
import { OidcRequest } from '../auth/oidc-request.entity.js';
import { SignIn } from '../auth/sign-in.entity.js';
import { ChartDrawingRow } from '../charts/chart-drawing.entity.js';
import { CalendarFeed } from '../calendar-feeds/calendar-feed.entity.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { ReportImport } from '../imports/report-import.entity.js';
import { Authority } from '../inspections/authority.entity.js';
import { Inspection } from '../inspections/inspection.entity.js';
import { Judgement } from '../inspections/judgement.entity.js';
import { Measure, MeasureUpload, MeasureValue } from '../measures/measure.entity.js';
import { Reminder } from '../reminders/reminder.entity.js';
import { PlanSnapshot } from '../snapshots/plan-snapshot.entity.js';
import { ScrutinyReview, ScrutinyReviewOutcome } from '../scrutiny/scrutiny-review.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, for the one DataSource that the app and the TypeORM CLI share. */
export const entities = [
  Action,
  ActionTally,
  AuditEvent,
  AuthToken,
  Authority,
  CalendarFeed,
  ChartDrawingRow,
  ImprovementArea,
  Inspection,
  Judgement,
  Measure,
  MeasureUpload,
  MeasureValue,
  OidcRequest,
  PlanSnapshot,
  ProgressUpdate,
  Reminder,
  ReportImport,
  ScrutinyReview,
  ScrutinyReviewOutcome,
  SignIn,
  User,
];
