import type { User } from './user.entity.js';

/** The changes this feature makes, for other features to follow (see FollowUps); Moved and Written are that module's own. */
declare module '../moves/follow-ups.js' {
  interface Changes {
    /** An account was given, or its name, role or access changed. */
    'user:written': Written<User>;
  }
}
