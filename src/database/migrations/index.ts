import { InitialSchema1763884800000 } from './1763884800000-initial-schema.js';

/** In the order they run. */
export const migrations = [InitialSchema1763884800000];
