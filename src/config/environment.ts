import { isAbsolute, resolve } from 'node:path';

/** Everything the service reads from its environment, checked once at start. Nothing else reads process.env. */
export interface Environment {
  /** Public address of the service, used in links in emails. */
  appUrl: string;
  /** Folder of user-editable policy: frameworks, bank holidays, templates. */
  configDir: string;
  /** Folder for the SQLite database and the outbox. */
  dataDir: string;
  /** postgres://… to run on PostgreSQL; null runs on the SQLite file under dataDir. */
  databaseUrl: string | null;
  /** The sender of every email, e.g. "Action plans <action-plans@council.gov.uk>". */
  mailFrom: string;
  port: number;
  /** Seconds between reminder sweeps in this process; 0 leaves sweeping to `npm run reminders`. */
  reminderSweepSeconds: number;
  /** smtp:// or smtps:// to send email; null writes each message as an .eml file under dataDir/outbox. */
  smtpUrl: string | null;
}

export class InvalidEnvironmentError extends Error {
  constructor(problems: string[]) {
    super(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Environment {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}").`);

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://.');

  const appUrl = (env.APP_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(appUrl)) problems.push(`APP_URL must be an http:// or https:// address (got "${env.APP_URL}").`);

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://.');

  const mailFrom = env.MAIL_FROM?.trim() || `Action plans <action-plans@${new URL(/^https?:\/\//.test(appUrl) ? appUrl : 'http://localhost').hostname}>`;

  const reminderSweepSeconds = Number(env.REMINDER_SWEEP_SECONDS ?? 60);
  if (!Number.isInteger(reminderSweepSeconds) || reminderSweepSeconds < 0) problems.push('REMINDER_SWEEP_SECONDS must be a whole number of seconds (0 turns sweeping off).');

  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  const folder = (value: string | undefined, fallback: string) => {
    const path = value?.trim() || fallback;
    return isAbsolute(path) ? path : resolve(cwd, path);
  };
  return {
    appUrl,
    configDir: folder(env.CONFIG_DIR, 'config'),
    dataDir: folder(env.DATA_DIR, 'data'),
    databaseUrl,
    mailFrom,
    port,
    reminderSweepSeconds,
    smtpUrl,
  };
}
