import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { answerClientErrorsWithProblems, AppConfig, createValidationPipe } from '@app/platform';

/** Everything main.ts and the e2e tests both need: one app, configured one way. */
export function configureApp(app: INestApplication): OpenAPIObject {
  app.useLogger(app.get(Logger));
  app.use(helmet());
  // Cross-origin calls only from the configured origins; bearer tokens, never cookies, so no credentials mode.
  const origins = app.get(AppConfig).corsOrigins;
  if (origins.length) {
    app.enableCors({ origin: origins, methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'], exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After'], maxAge: 600 });
  }
  app.useGlobalPipes(createValidationPipe());
  // Requests Node's parser refuses (URL or headers too large) answer problem+json like every other error.
  answerClientErrorsWithProblems(app.getHttpServer());
  app.enableShutdownHooks();
  // The management dashboard (apps/web) and its chart library, served as files from the working directory.
  const express = app as NestExpressApplication;
  express.useStaticAssets(join(process.cwd(), 'apps/web'), { index: 'index.html' });
  express.useStaticAssets(join(process.cwd(), 'node_modules/chart.js/dist'), { prefix: '/assets/' });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Medical-device innovation pipeline')
      .setDescription(
        'Every change to a device project is an event; this API records commands and answers queries. ' +
          'Every route but /health needs a bearer token (POST /auth/login); the actor of each event is the token’s user. ' +
          'Errors are RFC 9457 problem+json.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'POST /auth/login issues one (AUTH_MODE=builtin)' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  return document;
}
