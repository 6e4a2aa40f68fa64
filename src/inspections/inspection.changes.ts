import type { Inspection } from './inspection.entity.js';

/** The changes this feature makes, for other features to follow (see FollowUps); Moved and Written are that module's own. */
declare module '../moves/follow-ups.js' {
  interface Changes {
    /** The action plan moved through its workflow. */
    'plan:moved': Moved<Inspection>;
    /** An inspection was recorded, or its details (dates, plan lead, clerk) edited. */
    'inspection:written': Written<Inspection>;
  }
}
