import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureApp } from './app.js';
import { AppModule } from './app.module.js';
import { loadEnvironment } from './config/environment.js';

async function main(): Promise<void> {
  const environment = loadEnvironment();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(environment), { bodyParser: false });
  configureApp(app);
  await app.listen(environment.port);
  new Logger('Main').log(
    `Serving on ${environment.appUrl} (API docs at ${environment.appUrl}/api/docs) with ${environment.databaseUrl ? 'PostgreSQL' : `SQLite in ${environment.dataDir}`}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
