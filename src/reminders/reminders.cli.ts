import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module.js';
import { loadEnvironment } from '../config/environment.js';
import { ScheduledWork } from '../scheduling/scheduled-work.service.js';
import { ReminderSweeper } from './reminder-sweeper.service.js';

/**
 * `npm run reminders -- --once`: records missed deadlines and sends the reminders due now, then exits
 * (for deployments that prefer cron to the service's own timer). `--dry-run` lists what would be sent.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { once: { type: 'boolean' }, 'dry-run': { type: 'boolean' } } });
  if (!values.once && !values['dry-run']) throw new Error('Usage: npm run reminders -- --once [--dry-run]');
  // This process sweeps once and leaves; the service's own timer stays with the service.
  const environment = { ...loadEnvironment(), reminderSweepSeconds: 0 };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(environment), { logger: ['error', 'warn'] });
  try {
    if (values['dry-run']) {
      const sweeper = app.get(ReminderSweeper);
      const due = await sweeper.dueNow();
      if (!sweeper.isSendingTime()) console.warn('Outside sending hours: a sweep now would send nothing.');
      console.warn(due.length === 0 ? 'Nothing is due.' : `${due.length} reminder(s) due:`);
      for (const { reminder, recipient } of due) {
        console.warn(
          `  ${recipient}  ${reminder.subject} ${reminder.subjectId}  due ${reminder.dueOn}  step ${reminder.step}  (${reminder.recipientRole})`,
        );
      }
    } else {
      console.warn(JSON.stringify(await app.get(ScheduledWork).runOnce()));
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
