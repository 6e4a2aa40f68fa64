import type { Person } from '../users/user.entity.js';
import type { Action } from './action.entity.js';

/** The changes this feature makes, for other features to follow (see FollowUps); Moved and Written are that module's own. */
declare module '../moves/follow-ups.js' {
  interface Changes {
    /** An action moved through its workflow. */
    'action:moved': Moved<Action>;
    /** An action was added, or its title, owner, due date or success measure edited. */
    'action:written': Written<Action>;
    /** Progress was reported on an action: how far done it is now. */
    'action:progress': { record: Action; percentComplete: number; actor: Person };
    /** A mistaken action was removed from a draft plan (the record is gone; this is what it was). */
    'action:removed': { record: Action; actor: Person };
  }
}
