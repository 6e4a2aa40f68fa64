import { Injectable, Logger } from '@nestjs/common';
import { inWords } from '../../workflows/workflow.js';
import { Clock } from '../common/clock.js';
import { EventRejectedError, StaleVersionError } from '../common/errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { MovePlan } from '../inspections/move-plan.js';
import { deadlineBasis } from '../inspections/plan-deadline.reminders.js';
import { UsersService } from '../users/users.service.js';

/** Named in the audit trail for what the service does by itself, such as recording a missed deadline. */
export const SERVICE_ACTOR = { name: 'Action plan service (automatic)', email: 'action-plan-service@system.invalid' };

/**
 * Puts the passing of each plan's deadline (Ofsted's stated date where there is one) on the record, through the plan's workflow, for plans
 * still unsubmitted. Safe to run on several instances: a second recording is refused by the machine.
 */
@Injectable()
export class MissedDeadlines {
  private readonly logger = new Logger(MissedDeadlines.name);

  constructor(
    private readonly clock: Clock,
    private readonly movePlan: MovePlan,
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersService,
  ) {}

  async record(): Promise<number> {
    const today = this.clock.today();
    const overdue = await this.unitOfWork.read((manager) => inspectionRepository.unsubmittedDueBefore(manager, today));
    let recorded = 0;
    for (const candidate of overdue.filter((inspection) => !inspection.snapshot.context.deadlineMissedOn)) {
      try {
        await this.unitOfWork.write(async (manager) => {
          const inspection = (await inspectionRepository.byId(manager, candidate.id, { forUpdate: true }))!;
          const service = await this.users.resolve(manager, SERVICE_ACTOR);
          const comment = `The deadline of ${inWords(inspection.actionPlanDueOn!)} (${deadlineBasis(inspection.statedActionPlanDueOn, inspection.receiptConfirmed)}) passed with the plan not yet submitted to Ofsted.`;
          await this.movePlan.apply(manager, inspection, { type: 'DEADLINE_PASSED', actor: service, comment, source: 'service' });
        });
        recorded += 1;
      } catch (error) {
        // Refused or raced: another instance recorded it. Anything else is logged, and the other plans still go ahead.
        if (!(error instanceof EventRejectedError || error instanceof StaleVersionError)) {
          this.logger.error(
            `Could not record the missed deadline of inspection ${candidate.id}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
    return recorded;
  }
}
