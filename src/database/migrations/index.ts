import { InitialSchema1763884800000 } from './1763884800000-initial-schema.js';
import { Reminders1763971200000 } from './1763971200000-reminders.js';

/** In the order they run. */
export const migrations = [InitialSchema1763884800000, Reminders1763971200000];
