import { InitialSchema1763884800000 } from './1763884800000-initial-schema.js';
import { Reminders1763971200000 } from './1763971200000-reminders.js';
import { ReportImports1764057600000 } from './1764057600000-report-imports.js';
import { ScrutinyReviews1764144000000 } from './1764144000000-scrutiny-reviews.js';
import { CalendarFeeds1764230400000 } from './1764230400000-calendar-feeds.js';
import { SignIn1795415000000 } from './1795415000000-sign-in.js';
import { UniquePositions1795500000000 } from './1795500000000-unique-positions.js';
import { DashboardTallies1796256000000 } from './1796256000000-dashboard-tallies.js';
import { DueDateMoves1796342400000 } from './1796342400000-due-date-moves.js';
import { AccountsAndTokens1796515200000 } from './1796515200000-accounts-and-tokens.js';
import { DeadlinesAsMet1796601600000 } from './1796601600000-deadlines-as-met.js';
import { PlanSnapshots1796688000000 } from './1796688000000-plan-snapshots.js';
import { Measures1796774400000 } from './1796774400000-measures.js';
import { MitigationsAndNarratives1796860800000 } from './1796860800000-mitigations-and-narratives.js';
import { AuditTrailEnds1796947200000 } from './1796947200000-audit-trail-ends.js';
import { ChartDrawings1797033600000 } from './1797033600000-chart-drawings.js';
import { NarrativeConfirmations1797120000000 } from './1797120000000-narrative-confirmations.js';
import { SignInFailures1797206400000 } from './1797206400000-sign-in-failures.js';
import { ReviewMeetings1797292800000 } from './1797292800000-review-meetings.js';

/** In the order they run, which is also the order of the timestamps in their names (TypeORM sorts by them). */
export const migrations = [
  InitialSchema1763884800000,
  Reminders1763971200000,
  ReportImports1764057600000,
  ScrutinyReviews1764144000000,
  CalendarFeeds1764230400000,
  SignIn1795415000000,
  UniquePositions1795500000000,
  DashboardTallies1796256000000,
  DueDateMoves1796342400000,
  AccountsAndTokens1796515200000,
  DeadlinesAsMet1796601600000,
  PlanSnapshots1796688000000,
  Measures1796774400000,
  MitigationsAndNarratives1796860800000,
  AuditTrailEnds1796947200000,
  ChartDrawings1797033600000,
  NarrativeConfirmations1797120000000,
  SignInFailures1797206400000,
  ReviewMeetings1797292800000,
];
