import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { answerClientErrorsWithProblems, AppConfig, createValidationPipe } from '@app/platform';

/**
 * Everything main.ts and the e2e tests both need: one app, configured one way. Returns the OpenAPI document's
 * factory: the document is built when first asked for (at /docs, /openapi.json or by a test), not at start-up, where
 * scanning every route and DTO took a tenth of the embedded start.
 */
export function configureApp(app: INestApplication): () => OpenAPIObject {
  app.useLogger(app.get(Logger));
  // With single sign-on the web app talks to the issuer itself (discovery, the code-for-token exchange).
  const issuer = app.get(AppConfig).AUTH_MODE === 'oidc' ? app.get(AppConfig).OIDC_ISSUER : undefined;
  // A document preview shows a PDF or an image from an object URL (blob:) the app made of the authenticated download.
  const preview = {
    frameSrc: ["'self'", 'blob:'],
    objectSrc: ["'self'", 'blob:'],
    imgSrc: ["'self'", 'data:', 'blob:'],
  };
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { ...preview, ...(issuer ? { connectSrc: ["'self'", new URL(issuer).origin] } : {}) },
      },
    }),
  );
  // Cross-origin calls only from the configured origins; bearer tokens, never cookies, so no credentials mode.
  const origins = app.get(AppConfig).corsOrigins;
  if (origins.length) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  app.useGlobalPipes(createValidationPipe());
  // Requests Node's parser refuses (URL or headers too large) answer problem+json like every other error.
  answerClientErrorsWithProblems(app.getHttpServer());
  app.enableShutdownHooks();
  serveWebApp(app as NestExpressApplication);

  let document: OpenAPIObject | undefined;
  const openApiDocument = () =>
    (document ??= SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Medical-device innovation pipeline')
        .setDescription(
          'Every change to a device project is an event; this API records commands and answers queries. ' +
            'Every route but /health needs a bearer token (POST /auth/login); the actor of each event is the token’s user. ' +
            'Errors are RFC 9457 problem+json.',
        )
        .setVersion('1')
        .addBearerAuth({
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'POST /auth/login issues one (AUTH_MODE=builtin)',
        })
        .build(),
    ));
  SwaggerModule.setup('docs', app, openApiDocument, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  return openApiDocument;
}

// Paths a browser may open that are the API's own pages or machine endpoints, never screens of the web app.
const NOT_SCREENS = /^\/(docs|openapi\.(json|yaml)|health|metrics)(\/|$|\?)/;

/**
 * The web app (apps/web, built by `npm run build:web` into apps/web/dist, or the folder WEB_DIST names) at `/`. A browser navigation to any
 * other path (a deep link such as /projects/<id>, which is also an API route) gets index.html and the app
 * routes it; API calls ask for JSON and reach the controllers, so unknown routes stay problem+json 404s.
 */
function serveWebApp(app: NestExpressApplication): void {
  const root = process.env.WEB_DIST ?? join(process.cwd(), 'apps/web/dist');
  const index = join(root, 'index.html');
  // Only paths under the build's own top-level names (index.html, assets/, …) reach the static files: any other
  // request (every API call) skipped a file-system stat of a file that is not there, a third of a millisecond of a
  // cached dashboard answer under load. The names are read again at most once a second (a build made meanwhile).
  const files = express.static(root, { index: 'index.html', maxAge: 0 });
  let names = new Set<string>();
  let namesReadAt = 0;
  const topLevelNames = () => {
    if (Date.now() - namesReadAt > 1000) {
      names = new Set(existsSync(root) ? readdirSync(root) : []);
      namesReadAt = Date.now();
    }
    return names;
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/' || topLevelNames().has(req.path.split('/')[1])) return files(req, res, next);
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const screen =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !NOT_SCREENS.test(req.path) &&
      req.accepts(['json', 'html']) === 'html';
    if (!screen || !existsSync(index)) return next();
    // dotfiles: a private build's folder (WEB_DIST=node_modules/.cache/…) has a dot in its path, which send would 404.
    res.sendFile(index, { dotfiles: 'allow', headers: { 'Cache-Control': 'no-cache' } });
  });
}
