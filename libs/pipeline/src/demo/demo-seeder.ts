import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { AppConfig, ReadinessChecks } from '@app/platform';
import { ExecuteProjectCommand, PROJECT_STREAM_PREFIX, projectStreamId } from '../application';
import { DEMO_PIPELINE, DemoProject, demoSchedule } from './demo-pipeline';

export const DEMO_SEED_REQUEST_ID = 'demo-seed';

export interface DemoSeedResult {
  projects: number;
  commands: number;
  events: number;
}

/** Runs the demo pipeline through the command bus, so every event passes the same rules as a user's. */
export async function seedDemoPipeline(
  commandBus: Pick<CommandBus, 'execute'>,
  projects: readonly DemoProject[] = DEMO_PIPELINE,
  signal?: AbortSignal,
): Promise<DemoSeedResult> {
  let events = 0;
  const schedule = demoSchedule(projects);
  for (const step of schedule) {
    // Stopped between two steps (shutdown); the next start resumes where this one stopped.
    if (signal?.aborted) break;
    // PGlite answers without ever reaching the event loop's I/O phase: let requests in between steps.
    await new Promise((resolve) => setImmediate(resolve));
    // Idempotency keys make a second run (or a second instance racing this one) a no-op per step.
    const context = { actor: step.actor, requestId: DEMO_SEED_REQUEST_ID, idempotencyKey: step.idempotencyKey };
    const result = await commandBus.execute(new ExecuteProjectCommand(step.command, context, step.occurredAt));
    if (!result.replayed) events += result.events.length;
  }
  return { projects: projects.length, commands: schedule.length, events };
}

/**
 * Seeds the demo pipeline after start-up, in the background: the API answers (GET /health) at once, and
 * /health/ready reports `demo` down until the seed is recorded. Only a record without projects gets the demo,
 * or one whose seeding was interrupted (its first project is the demo's and the demo's last step is missing).
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DemoSeeder.name);
  private readonly stop = new AbortController();
  /** Settles when the seeding started at bootstrap is over (at once when there was nothing to seed). */
  seeded: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commandBus: CommandBus,
    @Optional() private readonly readiness?: ReadinessChecks,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.seedDemoData) return;
    let outcome: 'seeding' | 'seeded' | Error = 'seeding';
    this.readiness?.register('demo', async () => {
      if (outcome === 'seeded') return { seeded: true };
      throw outcome === 'seeding' ? new Error('seeding the demo pipeline') : outcome;
    });
    this.seeded = this.seed().then(
      () => void (outcome = 'seeded'),
      (error: unknown) => {
        outcome = error instanceof Error ? error : new Error(String(error));
        if (!this.stop.signal.aborted) this.logger.error(`Seeding the demo pipeline failed: ${outcome.message}`);
      },
    );
  }

  // The database closes at shutdown: finish the step under way first.
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.seeded;
  }

  private async seed(): Promise<void> {
    const existing = await this.store.readAll({ maxCount: 1, streamPrefix: PROJECT_STREAM_PREFIX });
    if (existing.events.length > 0 && !(await this.interrupted(existing.events[0].metadata.idempotencyKey))) return;
    const { projects, commands, events } = await seedDemoPipeline(this.commandBus, DEMO_PIPELINE, this.stop.signal);
    if (!this.stop.signal.aborted) this.logger.log(`Seeded the demo pipeline: ${projects} projects, ${commands} commands, ${events} events`);
  }

  private async interrupted(firstKey: string | undefined): Promise<boolean> {
    const schedule = demoSchedule();
    if (firstKey !== schedule[0].idempotencyKey) return false;
    const last = schedule[schedule.length - 1];
    const stream = await this.store.readStream(projectStreamId(last.command.data.projectId as string));
    return !stream.some((event) => event.metadata.idempotencyKey === last.idempotencyKey);
  }
}
