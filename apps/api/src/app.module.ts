import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { json } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { APP_FILTER } from '@nestjs/core';
import {
  AppConfig,
  AppConfigModule,
  DatabaseModule,
  HealthModule,
  JsonContentTypeMiddleware,
  MetricsModule,
  PROBLEM_MAPPERS,
  ProblemDetailsFilter,
  ProblemMapper,
  SqlDatabase,
  verifyJsonBody,
} from '@app/platform';
import { EventStoreModule, IntegrityModule, ProjectionsModule } from '@app/event-store';
import { IdentityModule, userProblemMapper } from '@app/identity';
import { clientRequestIdOf, domainProblemMapper, migrateReadModels, PIPELINE_PROJECTIONS, PipelineModule } from '@app/pipeline';
import { APP_SCHEMA } from './migrate-database';

/** The composition root: configuration, logging, the database and the feature modules. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, options: { database?: SqlDatabase } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // The request id is also the correlation id of every event the request appends, so the server makes
            // it; a client's own X-Request-Id is kept beside it (clientRequestId in the log line and the events).
            genReqId: (_req, res) => {
              const id = randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            // What a request line needs, not every header: serialising and redacting all of them on each
            // request cost more than the log line was worth (and no credential can slip into the log).
            serializers: { req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers?: IncomingHttpHeaders }) => ({ id: req.id, clientRequestId: clientRequestIdOf(req.headers), method: req.method, url: redactSecrets(req.url), remoteAddress: req.remoteAddress }) },
          },
        }),
        options.database ? DatabaseModule.forDatabase(options.database) : DatabaseModule.forRoot(config, { schema: APP_SCHEMA }),
        CqrsModule.forRoot(),
        HealthModule,
        MetricsModule,
        EventStoreModule,
        // Read models: fed in this process when RUN_PROJECTIONS (default: embedded), else by apps/projector.
        ProjectionsModule.forRoot({ projections: PIPELINE_PROJECTIONS, migrate: migrateReadModels, run: config.runProjections }),
        PipelineModule,
        // Sign-in, the global auth guard (@Public / @Roles on every route), signatures, user admin.
        IdentityModule,
        IntegrityModule,
      ],
      providers: [
        { provide: PROBLEM_MAPPERS, useValue: [domainProblemMapper, userProblemMapper] satisfies ProblemMapper[] },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }

  constructor(private readonly config: AppConfig) {}

  // Body parsing runs as Nest middleware (Nest's own parser is off) so its errors become problem+json too.
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(JsonContentTypeMiddleware, json({ limit: this.config.BODY_LIMIT, type: ['application/json', 'application/*+json'], verify: verifyJsonBody }))
      // Documents are uploaded as multipart forms, streamed by their own route (never parsed here).
      .exclude(
        { path: 'projects/:projectId/documents', method: RequestMethod.POST },
        // A portfolio file (CSV or .xlsx) is the body of its import, read by its route.
        { path: 'admin/portfolio-imports', method: RequestMethod.POST },
        { path: 'projects/:projectId/documents/:documentId/versions', method: RequestMethod.POST },
      )
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}

// A calendar feed's URL is its credential: logs name the route, never the secret.
export function redactSecrets(url: string): string {
  return url.replace(/^\/calendar\/[^/?#]+/, '/calendar/[secret]');
}
