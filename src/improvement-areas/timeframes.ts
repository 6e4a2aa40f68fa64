import { addMonths, type IsoDate } from '../common/dates.js';
import { timeframeKey, type Policy } from '../config/policy.js';

/**
 * An area's timeframe as a date ("Within three months" of a report published on 6 May 2011 is
 * 6 August 2011), by the rules in config/frameworks.yaml; null for no timeframe, or one they do not know.
 */
export function timeframeDueOn(policy: Pick<Policy, 'timeframes'>, timeframe: string | null, publishedOn: IsoDate): IsoDate | null {
  const months = timeframe ? policy.timeframes.get(timeframeKey(timeframe)) : undefined;
  return months === undefined ? null : addMonths(publishedOn, months);
}

/** Whether a timeframe gives a date at all, before anything is read to work it out. */
export function givesDate(policy: Pick<Policy, 'timeframes'>, timeframe: string | null): boolean {
  return timeframe !== null && policy.timeframes.has(timeframeKey(timeframe));
}

/** An action due after its area's date: the plan promises it later than the report asked. */
export function dueAfterArea(dueOn: IsoDate | null, areaDueOn: IsoDate | null): boolean {
  return dueOn !== null && areaDueOn !== null && dueOn > areaDueOn;
}
