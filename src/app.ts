import { Logger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorFilter } from './common/error.filter.js';
import { createValidationPipe } from './common/validation.js';
import { ENVIRONMENT } from './config/config.module.js';
import type { Environment } from './config/environment.js';

/** What every running copy of the app needs beyond its modules; shared by main.ts and the tests. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const environment = app.get<Environment>(ENVIRONMENT);
  // First, so every response carries them, the API description and errors included. Nest's own
  // implementation of helmet 8's headers and defaults: the default CSP suits Swagger UI, which loads only its own files.
  app.useSecurityHeaders();
  // No CORS headers unless origins are configured: browsers then keep other sites' pages out of the API.
  if (environment.corsOrigins.length > 0) app.enableCors({ origin: environment.corsOrigins });
  // Behind a load balancer, the client's address (for sign-in limits and the sign-in log) comes from X-Forwarded-For.
  app.set('trust proxy', environment.trustProxy);
  if (environment.trustProxy === false) warnOfUntrustedProxy(app);
  // API answers carry tokens and plan details: no browser or proxy may keep a copy.
  app.use('/api', (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.useBodyParser('json', { limit: '1mb' });
  // The web pages' forms; the API still refuses anything but JSON (JsonOnlyMiddleware).
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  // Built at the first request for it, not before the service listens: few people ever read it.
  SwaggerModule.setup('api/docs', app, () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Ofsted action plans')
        .setDescription('Inspections, improvement areas and actions, moved through their workflows with statutory deadlines kept.')
        .setVersion('1')
        .addBearerAuth({
          type: 'http',
          scheme: 'bearer',
          description: 'A token from POST /api/auth/login, single sign-on, or an admin-issued API token.',
        })
        .build(),
    ),
  );
  return app;
}

/**
 * A proxy in front that TRUST_PROXY does not name makes every client share the proxy's address, so
 * the sign-in limits for an address would count everyone's failures together: said once, at the first sign of one.
 */
function warnOfUntrustedProxy(app: NestExpressApplication): void {
  let warned = false;
  app.use((request: Request, _response: Response, next: NextFunction) => {
    if (!warned && request.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      new Logger('Proxy').warn(
        "A request came through a proxy (it has an X-Forwarded-For header), but TRUST_PROXY is not set: every client behind it has the proxy's address, for sign-in limits and the sign-in log. Set TRUST_PROXY to the number of proxies in front of the service, or their addresses.",
      );
    }
    next();
  });
}
