import { InitialSchema1763884800000 } from './1763884800000-initial-schema.js';
import { ReportImports1763971200000 } from './1763971200000-report-imports.js';

/** In the order they run. */
export const migrations = [InitialSchema1763884800000, ReportImports1763971200000];
