import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { AppConfig } from '@app/platform';
import { ExecuteProjectCommand, PROJECT_STREAM_PREFIX } from '../application';
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
): Promise<DemoSeedResult> {
  let events = 0;
  const schedule = demoSchedule(projects);
  for (const step of schedule) {
    // Idempotency keys make a second run (or a second instance racing this one) a no-op per step.
    const context = { actor: step.actor, requestId: DEMO_SEED_REQUEST_ID, idempotencyKey: step.idempotencyKey };
    const result = await commandBus.execute(new ExecuteProjectCommand(step.command, context, step.occurredAt));
    if (!result.replayed) events += result.events.length;
  }
  return { projects: projects.length, commands: schedule.length, events };
}

/** Seeds the demo pipeline at start-up, when configured and only into an empty event store. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commandBus: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoData) return;
    // Only a record without projects gets the demo (other streams, such as user accounts, may exist).
    const existing = await this.store.readAll({ maxCount: 1, streamPrefix: PROJECT_STREAM_PREFIX });
    if (existing.events.length > 0) return;
    const { projects, commands, events } = await seedDemoPipeline(this.commandBus);
    this.logger.log(`Seeded the demo pipeline: ${projects} projects, ${commands} commands, ${events} events`);
  }
}
