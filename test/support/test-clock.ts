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
