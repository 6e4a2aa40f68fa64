import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorFilter } from './common/error.filter.js';
import { createValidationPipe } from './common/validation.js';

/** What every running copy of the app needs beyond its modules; shared by main.ts and the tests. */
export function configureApp(app: NestExpressApplication): INestApplication {
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ofsted action plans')
      .setDescription('Inspections, improvement areas and actions, moved through their workflows with statutory deadlines kept.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  return app;
}
