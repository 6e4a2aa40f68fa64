import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { resolve } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { configureApp } from '../../src/app.js';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import type { Environment } from '../../src/config/environment.js';
import { createTestDatabase, type Driver, type TestDatabase } from './databases.js';
import { TestClock } from './test-clock.js';

export interface TestApp {
  app: NestExpressApplication;
  clock: TestClock;
  dataSource: DataSource;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Where the test clock starts. */
  now?: string;
  environment?: Partial<Environment>;
  /** An existing database to open instead of a fresh one (several instances on one database). */
  database?: TestDatabase;
}

/** The whole app, as main.ts builds it, on a database of its own and a clock the test sets. */
export async function createTestApp(driver: Driver, options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase(driver));
  const clock = new TestClock(options.now ?? '2024-04-15T09:00:00Z');
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        appUrl: 'http://localhost:3000',
        // npm scripts and Jest both run from the project root, compiled (bench) or not (tests).
        configDir: resolve('config'),
        dataDir: database.dataDir,
        databaseUrl: database.databaseUrl,
        mailFrom: 'Action plans <action-plans@localhost>',
        port: 0,
        reminderSweepSeconds: 0,
        smtpUrl: null,
        ...options.environment,
      }),
    ],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.init();
  return {
    app,
    clock,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    http: request(app.getHttpServer()),
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
