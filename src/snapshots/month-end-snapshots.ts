import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { REVIEWED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { Clock } from '../common/clock.js';
import { addDays, londonDate, londonTime } from '../common/dates.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { SERVICE_ACTOR } from '../scheduling/missed-deadlines.js';
import { UsersService } from '../users/users.service.js';
import { periodEnd } from '../measures/measure-rating.js';
import { snapshotRepository } from './snapshot.repository.js';
import { SnapshotsService } from './snapshots.service.js';
import { onEachSweep } from '../scheduling/each-sweep.js';

/** From this time on the last day of a month (in England), the month's snapshot of each plan in delivery is taken. */
export const MONTH_END_FROM = '18:00';

/** For this many days into a month, a month-end snapshot missed (the service was down that evening) is taken late. */
export const LATE_FOR_DAYS = 7;

/**
 * A snapshot of each submitted plan at each month end, as the plan stands at the end of its last
 * working day. Each instance tries on the interval of the rest of the scheduled work; the database
 * decides who takes it: the plan is locked, the month's snapshot looked for, and a unique index on
 * (plan, month) stops a second one, so several instances take exactly one.
 */
@Injectable()
export class MonthEndSnapshots implements OnApplicationBootstrap {
  private readonly logger = new Logger(MonthEndSnapshots.name);

  constructor(
    private readonly clock: Clock,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly registry: SchedulerRegistry,
    private readonly snapshots: SnapshotsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  onApplicationBootstrap(): void {
    onEachSweep(this.environment, this.registry, 'month-end-snapshots', this.logger, () => this.take());
  }

  /**
   * Takes the month's snapshot of each plan that has none yet, on a month's last day from MONTH_END_FROM;
   * answers how many it took. In the first days of a month it takes the last month's, where the service
   * was not running that evening: late, and saying so, rather than leaving the month out of the charts.
   */
  async take(): Promise<number> {
    const now = this.clock.now();
    const today = londonDate(now);
    const lastDay = addDays(today, 1).slice(0, 7) !== today.slice(0, 7);
    let period: string;
    if (lastDay && londonTime(now) >= MONTH_END_FROM) period = today.slice(0, 7);
    else if (Number(today.slice(8, 10)) <= LATE_FOR_DAYS) period = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
    else return 0;
    const monthEnd = periodEnd(period);
    const plans = (await this.unitOfWork.read((manager) => inspectionRepository.all(manager))).filter(
      (plan) => REVIEWED_PLAN_STATES.includes(plan.state) && (plan.snapshot.context.submittedOn ?? today) <= monthEnd,
    );
    let taken = 0;
    for (const plan of plans) {
      try {
        const took = await this.unitOfWork.write(async (manager) => {
          // The claim: another instance holding this plan's lock is taking its snapshot; once it commits, this one sees it.
          await inspectionRepository.byId(manager, plan.id, { forUpdate: true });
          if (await snapshotRepository.ofPeriod(manager, plan.id, period)) return false;
          const service = await this.users.resolve(manager, SERVICE_ACTOR);
          await this.snapshots.take(manager, plan.id, { reason: 'month_end', actor: service, period });
          return true;
        });
        if (took) taken += 1;
      } catch (error) {
        // One plan that cannot be read must not stop the others; a race lost to the unique index is logged too, and harmless.
        this.logger.error(
          `Could not take the month-end snapshot of inspection ${plan.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return taken;
  }
}
