import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import type { Environment } from '../config/environment.js';

/**
 * Runs `work` every REMINDER_SWEEP_SECONDS (never when that is 0), logging what it throws. The interval is the
 * scheduler's, named `name`, so that it stops when the app does.
 */
export function onEachSweep(
  environment: Environment,
  registry: SchedulerRegistry,
  name: string,
  logger: Logger,
  work: () => Promise<unknown>,
): void {
  if (environment.reminderSweepSeconds === 0) return;
  const timer = setInterval(() => {
    work().catch((error: unknown) => logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  }, environment.reminderSweepSeconds * 1000);
  registry.addInterval(name, timer);
}
