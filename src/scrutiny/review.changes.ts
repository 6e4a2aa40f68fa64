import type { ScrutinyReview } from './scrutiny-review.entity.js';

/** The changes this feature makes, for other features to follow (see FollowUps); Written is that module's own. */
declare module '../moves/follow-ups.js' {
  interface Changes {
    /** A scrutiny review was scheduled, moved to another date, or recorded as held. */
    'review:written': Written<ScrutinyReview>;
  }
}
