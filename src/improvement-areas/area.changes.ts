import type { ImprovementArea } from './improvement-area.entity.js';

/** The changes this feature makes, for other features to follow (see FollowUps); Moved and Written are that module's own. */
declare module '../moves/follow-ups.js' {
  interface Changes {
    /** An improvement area moved through its workflow. */
    'area:moved': Moved<ImprovementArea>;
    /** An area was added, or its title, description, timeframe or lead officer edited. */
    'area:written': Written<ImprovementArea>;
  }
}
