import { InitialSchema1763884800000 } from './1763884800000-initial-schema.js';
import { Reminders1763971200000 } from './1763971200000-reminders.js';
import { ReportImports1764057600000 } from './1764057600000-report-imports.js';
import { SignIn1795415000000 } from './1795415000000-sign-in.js';
import { UniquePositions1795500000000 } from './1795500000000-unique-positions.js';

/** In the order they run (TypeORM also orders them by the timestamp in their names). */
export const migrations = [InitialSchema1763884800000, Reminders1763971200000, ReportImports1764057600000, SignIn1795415000000, UniquePositions1795500000000];
