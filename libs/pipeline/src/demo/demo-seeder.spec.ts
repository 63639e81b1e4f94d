import { Logger } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { loadConfig } from '@app/platform';
import type { CommandAccepted, ExecuteProjectCommand } from '../application';
import { DEMO_PIPELINE, demoSchedule } from './demo-pipeline';
import { DemoSeeder, seedDemoPipeline } from './demo-seeder';

// Keep the seeder's one log line out of the test output.
Logger.overrideLogger(false);

// A bus that records what it is asked to run and accepts it.
function recordingBus() {
  const executed: ExecuteProjectCommand[] = [];
  const bus = {
    execute: async (command: ExecuteProjectCommand): Promise<CommandAccepted> => {
      executed.push(command);
      const projectId = command.command.data.projectId;
      return { projectId, revision: 0, globalPosition: executed.length, events: [{ eventId: 'e', type: 't', revision: 0 }], replayed: false };
    },
  };
  return { bus: bus as unknown as CommandBus, executed };
}

// A store holding `projectEvents` events in project streams (and, say, user accounts besides); the first
// one written with `firstKey`, and the demo's last step recorded or not.
function seeder(env: Record<string, string>, projectEvents: number, { firstKey, lastStepRecorded = true }: { firstKey?: string; lastStepRecorded?: boolean } = {}) {
  const { bus, executed } = recordingBus();
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const last = demoSchedule().at(-1)!;
  const store = {
    readAll: async ({ streamPrefix }: { streamPrefix?: string }) => ({
      events: streamPrefix === 'project-' && projectEvents > 0 ? [{ metadata: { idempotencyKey: firstKey } }] : [],
      isEnd: true,
    }),
    readStream: async () => (lastStepRecorded ? [{ metadata: { idempotencyKey: last.idempotencyKey } }] : [{ metadata: {} }]),
  } as unknown as EventStore;
  return { seeder: new DemoSeeder(config, store, bus), executed };
}

// Bootstrap starts the seed in the background; the tests wait for it.
async function bootstrap(s: DemoSeeder): Promise<void> {
  s.onApplicationBootstrap();
  await s.seeded;
}

describe('seedDemoPipeline', () => {
  it('runs every step through the bus in schedule order, as the step’s actor, with its occurredAt', async () => {
    const { bus, executed } = recordingBus();
    const result = await seedDemoPipeline(bus);
    const schedule = demoSchedule();
    expect(result).toEqual({ projects: DEMO_PIPELINE.length, commands: schedule.length, events: schedule.length });
    expect(executed.map((c) => c.command)).toEqual(schedule.map((s) => s.command));
    expect(executed.map((c) => c.occurredAt)).toEqual(schedule.map((s) => s.occurredAt));
    expect(executed.every((c, i) => c.context.actor === schedule[i].actor && c.context.requestId === 'demo-seed')).toBe(true);
    expect(new Set(executed.map((c) => c.context.idempotencyKey)).size).toBe(schedule.length);
  });
});

describe('DemoSeeder', () => {
  it('seeds an empty store when demo data is on', async () => {
    const { seeder: s, executed } = seeder({ DEMO_DATA: 'true' }, 0);
    await bootstrap(s);
    expect(executed).toHaveLength(demoSchedule().length);
  });

  it('never seeds a store that already holds projects', async () => {
    const { seeder: s, executed } = seeder({ DEMO_DATA: 'true' }, 42);
    await bootstrap(s);
    expect(executed).toHaveLength(0);
  });

  it('resumes a seed that was interrupted (the first project is the demo’s, its last step missing)', async () => {
    const first = demoSchedule()[0].idempotencyKey;
    const { seeder: s, executed } = seeder({ DEMO_DATA: 'true' }, 42, { firstKey: first, lastStepRecorded: false });
    await bootstrap(s);
    expect(executed).toHaveLength(demoSchedule().length);
    const { seeder: done, executed: none } = seeder({ DEMO_DATA: 'true' }, 42, { firstKey: first, lastStepRecorded: true });
    await bootstrap(done);
    expect(none).toHaveLength(0);
  });

  it('stops between steps when the application shuts down', async () => {
    const { seeder: s, executed } = seeder({ DEMO_DATA: 'true' }, 0);
    s.onApplicationBootstrap();
    await s.beforeApplicationShutdown();
    expect(executed.length).toBeLessThan(demoSchedule().length);
  });

  it('does nothing when demo data is off (the default on a PostgreSQL server)', async () => {
    const { seeder: s, executed } = seeder({ DATABASE_URL: 'postgres://u@h/db' }, 0);
    await bootstrap(s);
    expect(executed).toHaveLength(0);
  });
});
