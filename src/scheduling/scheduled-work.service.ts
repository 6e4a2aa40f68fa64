import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { ReminderSweeper, type SweepResult } from '../reminders/reminder-sweeper.service.js';
import { MissedDeadlines } from './missed-deadlines.js';
import { onEachSweep } from './each-sweep.js';

/**
 * The work that follows the calendar rather than a request: deadlines that pass, reminders
 * that fall due. Each instance runs it on an interval; the database decides who does what,
 * so running it on several instances at once sends nothing twice.
 */
@Injectable()
export class ScheduledWork implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduledWork.name);

  constructor(
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly missedDeadlines: MissedDeadlines,
    private readonly registry: SchedulerRegistry,
    private readonly sweeper: ReminderSweeper,
  ) {}

  onApplicationBootstrap(): void {
    onEachSweep(this.environment, this.registry, 'scheduled-work', this.logger, () => this.runOnce());
  }

  /** Each step runs whatever happened to the other: a plan that cannot be moved must not stop reminders going out. */
  async runOnce(): Promise<{ missedDeadlinesRecorded: number } & SweepResult> {
    let missedDeadlinesRecorded = 0;
    try {
      missedDeadlinesRecorded = await this.missedDeadlines.record();
    } catch (error) {
      this.logger.error(`Recording missed deadlines failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return { missedDeadlinesRecorded, ...(await this.sweeper.sweep()) };
  }
}
