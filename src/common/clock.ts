import { Injectable } from '@nestjs/common';
import { londonDate, type IsoDate } from './dates.js';

/** The one source of "now", so tests can set the time instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  today(): IsoDate {
    return londonDate(this.now());
  }
}
