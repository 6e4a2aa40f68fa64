import { isAbsolute, resolve } from 'node:path';

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
}

/** Everything the service reads from its environment, checked once at start. Nothing else reads process.env. */
export interface Environment {
  /** The first administrator, created at a first start when no active admin exists. */
  admin: { email: string; password: string | null };
  /** Public address of the service, used in links in emails and as the single sign-on return address. */
  appUrl: string;
  /** Folder of user-editable policy: frameworks, bank holidays, templates. */
  configDir: string;
  /** Browser origins allowed to call the API from other sites; empty sends no CORS headers at all. */
  corsOrigins: string[];
  /** Folder for the SQLite database and the outbox. */
  dataDir: string;
  /** postgres://… to run on PostgreSQL; null runs on the SQLite file under dataDir. */
  databaseUrl: string | null;
  /** The sender of every email, e.g. "Action plans <action-plans@council.gov.uk>". */
  mailFrom: string;
  /** Single sign-on through an OpenID Connect provider; null when not configured. */
  oidc: OidcSettings | null;
  port: number;
  /** Seconds between reminder sweeps in this process; 0 leaves sweeping to `npm run reminders`. */
  reminderSweepSeconds: number;
  /** smtp:// or smtps:// to send email; null writes each message as an .eml file under dataDir/outbox. */
  smtpUrl: string | null;
  /** How long a token from signing in lasts. */
  tokenTtlMinutes: number;
  /** Express's "trust proxy": which proxies' X-Forwarded-For to believe for the client's address. */
  trustProxy: number | string | false;
}

export class InvalidEnvironmentError extends Error {
  constructor(problems: string[]) {
    super(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const MIN_PASSWORD_LENGTH = 12;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Environment {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}").`);

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://.');

  const appUrl = (env.APP_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(appUrl)) problems.push(`APP_URL must be an http:// or https:// address (got "${env.APP_URL}").`);

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://.');

  const mailFrom =
    env.MAIL_FROM?.trim() || `Action plans <action-plans@${new URL(/^https?:\/\//.test(appUrl) ? appUrl : 'http://localhost').hostname}>`;

  const reminderSweepSeconds = Number(env.REMINDER_SWEEP_SECONDS ?? 60);
  if (!Number.isInteger(reminderSweepSeconds) || reminderSweepSeconds < 0)
    problems.push('REMINDER_SWEEP_SECONDS must be a whole number of seconds (0 turns sweeping off).');

  const adminEmail = (env.ADMIN_EMAIL?.trim() || 'admin@localhost').toLowerCase();
  if (!EMAIL.test(adminEmail)) problems.push(`ADMIN_EMAIL must be an email address (got "${env.ADMIN_EMAIL}").`);
  // Never echo a password back, even a bad one.
  const adminPassword = env.ADMIN_PASSWORD || null;
  if (adminPassword !== null && adminPassword.length < MIN_PASSWORD_LENGTH)
    problems.push(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  if (adminPassword !== null && !env.ADMIN_EMAIL?.trim()) problems.push('ADMIN_PASSWORD needs ADMIN_EMAIL: say whose password it is.');

  const tokenTtlMinutes = Number(env.TOKEN_TTL_MINUTES ?? 480);
  if (!Number.isInteger(tokenTtlMinutes) || tokenTtlMinutes < 5 || tokenTtlMinutes > 10_080) {
    problems.push(`TOKEN_TTL_MINUTES must be a whole number of minutes from 5 to 10080, a week (got "${env.TOKEN_TTL_MINUTES}").`);
  }

  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      problems.push(`CORS_ORIGINS must list origins such as https://plans.example.gov.uk, separated by commas (got "${origin}").`);
  }

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const oidc = parseOidc(env, problems);

  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  const folder = (value: string | undefined, fallback: string) => {
    const path = value?.trim() || fallback;
    return isAbsolute(path) ? path : resolve(cwd, path);
  };
  return {
    admin: { email: adminEmail, password: adminPassword },
    appUrl,
    configDir: folder(env.CONFIG_DIR, 'config'),
    corsOrigins,
    dataDir: folder(env.DATA_DIR, 'data'),
    databaseUrl,
    mailFrom,
    oidc,
    port,
    reminderSweepSeconds,
    smtpUrl,
    tokenTtlMinutes,
    trustProxy,
  };
}

function parseOidc(env: NodeJS.ProcessEnv, problems: string[]): OidcSettings | null {
  const issuer = env.OIDC_ISSUER?.trim();
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const clientSecret = env.OIDC_CLIENT_SECRET;
  if (!issuer && !clientId && !clientSecret) return null;
  if (!issuer || !clientId || !clientSecret) {
    problems.push('Single sign-on needs all three of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or none of them).');
    return null;
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    problems.push(
      `OIDC_ISSUER must be the provider's issuer address, such as https://login.microsoftonline.com/<tenant id>/v2.0 (got "${issuer}").`,
    );
    return null;
  }
  // Plain HTTP would let anyone on the path forge sign-ins; it is allowed only to a provider on this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    problems.push(`OIDC_ISSUER must be an https:// address (got "${issuer}").`);
    return null;
  }
  return { issuer: url, clientId, clientSecret };
}

function parseTrustProxy(value: string | undefined, problems: string[]): number | string | false {
  const trimmed = value?.trim();
  if (!trimmed) return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (/^[\w.:/, -]+$/.test(trimmed)) return trimmed;
  problems.push(`TRUST_PROXY must be a number of proxies or a comma-separated list of their addresses (got "${trimmed}").`);
  return false;
}
