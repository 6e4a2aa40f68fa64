import { Clock } from '../../src/common/clock.js';

/** A clock a test sets by hand: time moves only when the test says so. */
export class TestClock extends Clock {
  private instant: Date;

  constructor(iso: string) {
    super();
    this.instant = new Date(iso);
  }

  override now(): Date {
    return new Date(this.instant);
  }

  set(iso: string): void {
    this.instant = new Date(iso);
  }
}

/**
 * The time limit of a test that walks a whole task (a browser through many pages, a build and a
 * command): it waits on what it sees, never on the clock, so this only stops one that has hung.
 * A busy machine can take twice its usual time, and that must not fail it.
 */
export const LONG_TASK_LIMIT_MS = 10 * 60_000;
