import { InitialSchema1763884800000 } from './1763884800000-initial-schema.js';
import { Reminders1763971200000 } from './1763971200000-reminders.js';
import { ReportImports1764057600000 } from './1764057600000-report-imports.js';
import { ScrutinyReviews1764144000000 } from './1764144000000-scrutiny-reviews.js';
import { CalendarFeeds1764230400000 } from './1764230400000-calendar-feeds.js';

/** In the order they run. */
export const migrations = [InitialSchema1763884800000, Reminders1763971200000, ReportImports1764057600000, ScrutinyReviews1764144000000, CalendarFeeds1764230400000];
