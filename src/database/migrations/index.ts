import { InitialSchema1763884800000 } from './1763884800000-initial-schema.js';
import { SignIn1795415000000 } from './1795415000000-sign-in.js';

/** In the order they run. */
export const migrations = [InitialSchema1763884800000, SignIn1795415000000];
