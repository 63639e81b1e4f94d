import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig, AppConfigModule, DatabaseModule, HealthModule, ProblemDetailsFilter } from '@app/platform';
import { EventStoreModule, ProjectionsModule } from '@app/event-store';
import { migrateReadModels, NotifierModule, PIPELINE_PROJECTIONS } from '@app/pipeline';

/** The projection runner: the event store in, the read-model tables out; HTTP only for /health probes. */
@Module({})
export class ProjectorModule {
  static forRoot(config: AppConfig, options: { run: boolean }): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        DatabaseModule.forRoot(config),
        CqrsModule.forRoot(),
        HealthModule,
        EventStoreModule,
        ProjectionsModule.forRoot({ projections: PIPELINE_PROJECTIONS, migrate: migrateReadModels, run: options.run, http: false }),
        // Deadline reminders (one pass a minute; each reminder's id makes a second process harmless).
        NotifierModule.forRoot({ run: options.run }),
      ],
      // Its probes answer problem+json like the API's: a 503 not_ready, never a 500 with a logged stack.
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
