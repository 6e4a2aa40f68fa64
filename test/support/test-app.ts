import type { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { configureApp } from '../../src/app.js';
import { AppModule } from '../../src/app.module.js';
import { AuthToken } from '../../src/auth/auth-token.entity.js';
import { Passwords } from '../../src/auth/passwords.js';
import { ROLES, type Role } from '../../src/auth/permissions.js';
import { newTokenSecret } from '../../src/auth/token-secret.js';
import { Clock } from '../../src/common/clock.js';
import { loadEnvironment } from '../../src/config/environment.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { User } from '../../src/users/user.entity.js';
import { DEFAULT_WORKER_LIMITS, WORKER_LIMITS, type WorkerLimits } from '../../src/worker-pool/worker-pool.service.js';
import { createTestDatabase, type Driver, type TestDatabase } from './databases.js';
import { FastPasswords } from './fast-passwords.js';
import { TestClock } from './test-clock.js';

/** One signed-in person per role, in every test app. */
export const PEOPLE: Record<Role, { name: string; email: string }> = {
  admin: { name: 'Ada Admin', email: 'ada.admin@oxfordshire.gov.uk' },
  director: { name: 'Dee Director', email: 'dee.director@oxfordshire.gov.uk' },
  deputy_director: { name: 'Dana Deputy', email: 'dana.deputy@oxfordshire.gov.uk' },
  action_owner: { name: 'Owen Owner', email: 'owen.owner@oxfordshire.gov.uk' },
  scrutiny: { name: 'Sam Scrutiny', email: 'sam.scrutiny@oxfordshire.gov.uk' },
  viewer: { name: 'Vic Viewer', email: 'vic.viewer@oxfordshire.gov.uk' },
};

export interface TestApp {
  app: NestExpressApplication;
  database: TestDatabase;
  clock: TestClock;
  dataSource: DataSource;
  http: ReturnType<typeof request>;
  /** The person of each role in PEOPLE, with their id. */
  users: Record<Role, { id: string; name: string; email: string }>;
  /** Headers that sign a request in as the person with this role: `.set(t.as('director'))`. */
  as: (role: Role) => { Authorization: string };
  /** Headers that sign a request in as someone already named on the plan (their account is made active). */
  signIn: (email: string) => Promise<{ Authorization: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Where the test clock starts. */
  now?: string;
  /** Environment variables on top of the test's own (SMTP_URL, OIDC_ISSUER, TOKEN_TTL_MINUTES, …). */
  env?: Record<string, string>;
  /** Another test app whose database (and people) this one shares: several instances on one database. */
  sharing?: Pick<TestApp, 'database' | 'users' | 'as'>;
  /** Modules only this app has, beside the real ones (the benchmark's constant endpoint). */
  imports?: Array<Type | DynamicModule>;
  /** The worker pool's limits, for the tests of what happens past them. */
  workerLimits?: Partial<WorkerLimits>;
}

/**
 * The whole app, as main.ts builds it, on a database of its own and a clock the test sets
 * (and cheaper password hashing: see FastPasswords), with one signed-in person per role.
 */
export async function createTestApp(driver: Driver, options: TestAppOptions = {}): Promise<TestApp> {
  const now = options.now ?? '2024-04-15T09:00:00Z';
  const database = options.sharing?.database ?? (await createTestDatabase(driver));
  const seeded = options.sharing ? { users: options.sharing.users, as: options.sharing.as } : await seedPeople(database, now);
  const clock = new TestClock(now);
  const environment = loadEnvironment({
    APP_URL: 'http://localhost:3000',
    // npm scripts and Jest both run from the project root, compiled (bench) or not (tests).
    CONFIG_DIR: resolve('config'),
    DATA_DIR: database.dataDir,
    DATABASE_URL: database.databaseUrl ?? '',
    MAIL_FROM: 'Action plans <action-plans@localhost>',
    PORT: '0',
    REMINDER_SWEEP_SECONDS: '0',
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(environment), ...(options.imports ?? [])] })
    .overrideProvider(Clock)
    .useValue(clock)
    .overrideProvider(Passwords)
    .useValue(new FastPasswords())
    .overrideProvider(WORKER_LIMITS)
    .useValue({ ...DEFAULT_WORKER_LIMITS, ...options.workerLimits })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.init();
  return {
    app,
    clock,
    database,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    http: request(app.getHttpServer()),
    users: seeded.users,
    as: seeded.as,
    signIn: async (email) => {
      const dataSource = app.get<DataSource>(getDataSourceToken());
      const user = await dataSource.getRepository(User).findOneByOrFail({ email });
      await dataSource.getRepository(User).update({ id: user.id }, { active: true });
      return { Authorization: `Bearer ${await issueApiToken(dataSource, user.id, clock.now().toISOString())}` };
    },
    close: async () => {
      await app.close();
      if (!options.sharing) await database.drop();
    },
  };
}

/**
 * Puts the people in before the app starts (so it finds an admin and makes none), each with an
 * API token: those never expire, so tests can move the clock months on and stay signed in.
 */
async function seedPeople(database: TestDatabase, now: string): Promise<Pick<TestApp, 'users' | 'as'>> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  const users = {} as TestApp['users'];
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user = { id: randomUUID(), ...PEOPLE[role] };
    await dataSource
      .getRepository(User)
      .insert({ ...user, role, active: true, passwordHash: null, mustChangePassword: false, createdAt: now });
    users[role] = user;
    tokens[role] = await issueApiToken(dataSource, user.id, now);
  }
  await dataSource.destroy();
  return { users, as: (role) => ({ Authorization: `Bearer ${tokens[role]}` }) };
}

/** An API token for the user, straight into the database: API tokens never expire, so tests can move the clock freely. */
async function issueApiToken(dataSource: DataSource, userId: string, now: string): Promise<string> {
  const { token, tokenHash } = newTokenSecret();
  await dataSource
    .getRepository(AuthToken)
    .insert({ id: randomUUID(), tokenHash, userId, kind: 'api', name: 'Tests', createdAt: now, expiresAt: null, revokedAt: null });
  return token;
}
