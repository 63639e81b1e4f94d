import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry, NotReadyError, ReadinessChecks, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { EVENT_STORE } from '../event-store.port';
import type { EventStore } from '../event-store.port';
import { Projection, ProjectionStatus } from './projection';
import { migrateProjections } from './projection.migrations';
import { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';
import { ProjectionsAdminHttpController } from './projections-admin.http.controller';
import { RebuildProjectionHandler } from './rebuild-projection.handler';

export interface ProjectionsModuleOptions {
  projections: readonly Projection[];
  /** Creates the read-model tables (versioned migrations), before the runner starts. */
  migrate: (db: SqlDatabase) => Promise<unknown>;
  /** Feed the projections in this process (the API when embedded, apps/projector on the server). */
  run: boolean;
  /** Offer GET/POST /admin/projections (the API). */
  http?: boolean;
  runner?: ProjectionRunnerOptions;
}

const OPTIONS = Symbol('PROJECTIONS_MODULE_OPTIONS');

@Injectable()
class ProjectionLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(OPTIONS) private readonly options: ProjectionsModuleOptions,
    @Optional() private readonly readiness?: ReadinessChecks,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A stuck projection makes the process not ready (its read model stopped at an event), naming the event.
    this.readiness?.register('projections', async () => {
      const status = await this.runner.status();
      const details = Object.fromEntries(
        status.map((s) => [
          s.name,
          {
            position: s.position,
            headPosition: s.headPosition,
            lag: s.lag,
            running: s.running,
            rebuilding: s.rebuild?.state === 'running' || s.rebuild?.state === 'switching',
            ...(s.stuck ? { stuck: s.stuck } : {}),
          },
        ]),
      );
      const stuck = status.filter((s) => s.stuck);
      if (stuck.length > 0) {
        const list = stuck.map((s) => `${s.name} at event ${s.stuck?.eventId} (position ${s.stuck?.position}, ${s.stuck?.type})`);
        throw new NotReadyError(`Stuck: ${list.join('; ')}`, details);
      }
      return details;
    });
    if (this.metrics) this.registerMetrics(this.metrics);
    if (this.options.run) await this.runner.start();
  }

  // Before the database closes (that happens at application shutdown).
  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  private registerMetrics(registry: MetricsRegistry): void {
    // One status read per scrape, shared by the gauges (prom-client collects them in parallel).
    let cached: { at: number; status: Promise<ProjectionStatus[]> } | null = null;
    const status = () => {
      if (!cached || Date.now() - cached.at > 500) cached = { at: Date.now(), status: this.runner.status() };
      return cached.status;
    };
    const perProjection = (name: string, help: string, value: (s: ProjectionStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [registry],
        async collect() {
          for (const s of await status()) this.set({ projection: s.name }, value(s));
        },
      });
    perProjection('projection_position', 'Global position of the last event a projection applied', (s) => s.position);
    perProjection('projection_lag_events', 'Committed events a projection has not applied yet', (s) => s.lag);
    perProjection('projection_stuck', '1 while a projection is stopped at an event it cannot apply (see GET /admin/projections), else 0', (s) => (s.stuck ? 1 : 0));
    perProjection('projection_rebuild_progress_ratio', 'Progress of a running rebuild (0-1)', (s) =>
      s.rebuild && (s.rebuild.state === 'running' || s.rebuild.state === 'switching') ? s.rebuild.percent / 100 : 0,
    );
    new Gauge({
      name: 'event_store_head_position',
      help: 'Highest committed global position',
      registers: [registry],
      async collect() {
        this.set((await status())[0]?.headPosition ?? 0);
      },
    });
  }
}

/** The projection runner over this process's event store, with its checkpoint table and read-model tables. */
@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      controllers: options.http === false ? [] : [ProjectionsAdminHttpController],
      providers: [
        { provide: OPTIONS, useValue: options },
        {
          provide: ProjectionRunner,
          inject: [SQL_DATABASE, EVENT_STORE],
          useFactory: async (db: SqlDatabase, store: EventStore) => {
            await migrateProjections(db);
            await options.migrate(db);
            return new ProjectionRunner(db, store, options.projections, options.runner);
          },
        },
        RebuildProjectionHandler,
        ProjectionLifecycle,
      ],
      exports: [ProjectionRunner],
    };
  }
}
