import type { Measure } from './measure.entity.js';

/** The changes this feature makes, for other features to follow (see FollowUps); Written is that module's own. */
declare module '../moves/follow-ups.js' {
  interface Changes {
    /** A measure was added or edited, or a value entered for one of its periods. */
    'measure:written': Written<Measure>;
  }
}
