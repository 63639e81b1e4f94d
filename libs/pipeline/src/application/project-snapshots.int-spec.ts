import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { migrateEventStore, PostgresEventStore } from '@app/event-store';
import type { EventStore, ReadStreamOptions } from '@app/event-store';
import { availableEngines, createTestDatabase, TestDatabase } from '@app/platform/testing';
import { EVENT_SCHEMA_VERSION } from '../domain';
import { PlanActors, playPlan, projectPlans } from '../domain/testing/project-plans';
import { ExecuteProjectCommand } from './execute-project-command.command';
import { ExecuteProjectCommandHandler } from './execute-project-command.handler';
import { ProjectSnapshots } from './project-snapshots';
import { ProjectStateCache, SNAPSHOT_EVERY } from './project-state-cache';
import { foldProject, projectStreamId } from './project-stream';

// Snapshots on a real database: a command on a project no process holds reads one row and the newer events, and
// what it folds is always what a fresh fold of the whole stream gives; a snapshot of another fold version, one
// whose text was changed, or one whose last event is not in the store is ignored.

const ACTORS: PlanActors = {
  office: { id: 'office-li', name: 'Li Na', role: 'innovation_office' },
  clinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
};
const OFFICE = ACTORS.office;

// The store and the snapshots, counting where each read of a stream started: on the server the snapshot's row and the
// events from its revision come in one statement (loadWithEvents), a read from the row's revision, or of the whole
// stream (undefined) without a row.
function counting(store: EventStore, from: ProjectSnapshots): { store: EventStore; snapshots: ProjectSnapshots; reads: (number | undefined)[] } {
  const reads: (number | undefined)[] = [];
  const wrapped = Object.create(store) as EventStore;
  wrapped.readStream = (streamId: string, options?: ReadStreamOptions) => {
    reads.push(options?.fromRevision);
    return store.readStream(streamId, options);
  };
  const snapshots = Object.create(from) as ProjectSnapshots;
  snapshots.loadWithEvents = async (streamId: string) => {
    const found = await from.loadWithEvents(streamId);
    reads.push(found.storedRevision ?? undefined);
    return found;
  };
  return { store: wrapped, snapshots, reads };
}

describe.each(availableEngines())('project snapshots, on %s', (engine) => {
  let t: TestDatabase;
  let store: PostgresEventStore;
  let snapshots: ProjectSnapshots;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await migrateEventStore(t.db);
    store = new PostgresEventStore(t.db, { notifications: false });
    snapshots = new ProjectSnapshots(t.db);
    await snapshots.onModuleInit();
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await t.drop();
  });

  // Appends a random valid history; returns the stream id and its events' count.
  async function history(plan: Parameters<typeof playPlan>[0]): Promise<{ streamId: string; events: number }> {
    const projectId = randomUUID();
    const streamId = projectStreamId(projectId);
    const { commands } = playPlan(plan, projectId, { newId: randomUUID, now: () => new Date().toISOString(), actors: ACTORS });
    let revision = -1;
    for (const { events } of commands) {
      await store.append(
        streamId,
        events.map((e) => ({ eventId: randomUUID(), type: e.type, schemaVersion: EVENT_SCHEMA_VERSION[e.type], data: e.data, metadata: { occurredAt: new Date().toISOString(), actor: OFFICE } })),
        { expectedRevision: revision < 0 ? 'no_stream' : revision },
      );
      revision += events.length;
    }
    return { streamId, events: revision + 1 };
  }

  it('a state started from a snapshot at any revision is the state a fresh fold of the stream gives', async () => {
    await fc.assert(
      fc.asyncProperty(projectPlans(new Date(), { maxSteps: 40 }), fc.nat(), fc.nat(), async (plan, cutA, cutB) => {
        const { streamId, events } = await history(plan);
        if (events === 0) return;
        const all = await store.readStream(streamId);
        const fresh = foldProject(all);
        // Two snapshots stored one after the other: the newer stays, an older one never replaces it.
        const [low, high] = [cutA % events, cutB % events].sort((a, b) => a - b);
        for (const at of [high, low]) {
          await snapshots.write(streamId, { state: foldProject(all.slice(0, at + 1)), byIdempotencyKey: new Map(), lastEventId: all[at].eventId });
        }
        const { store: watched, snapshots: watchedSnapshots, reads } = counting(store, snapshots);
        const started = await new ProjectStateCache(watchedSnapshots).load(watched, streamId);
        expect(reads).toEqual([high]);
        expect(JSON.stringify(started.state)).toBe(JSON.stringify(fresh));
        expect(await snapshots.verify(store, streamId)).toBe('agrees');
        await snapshots.settled();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 15) },
    );
  }, 300_000);

  it('ignores a snapshot of another fold version, a changed one, and one whose last event the store does not hold', async () => {
    const { streamId, events } = await history({ riskClass: 'III', title: 'Glucose detector', institution: 'Ruijin', asIdea: false, declinedFirst: false, steps: [] });
    for (let i = 0; i < 20; i++) {
      await store.append(streamId, [{ eventId: randomUUID(), type: 'MilestoneLogged', schemaVersion: 1, data: { projectId: streamId.slice(8), milestoneId: randomUUID(), title: `m${i}`, description: 'd', occurredOn: '2026-01-01' }, metadata: { occurredAt: new Date().toISOString(), actor: OFFICE } }], { expectedRevision: events - 1 + i });
    }
    const all = await store.readStream(streamId);
    const fresh = JSON.stringify(foldProject(all));
    const at = 10;
    const write = () => snapshots.write(streamId, { state: foldProject(all.slice(0, at + 1)), byIdempotencyKey: new Map(), lastEventId: all[at].eventId });
    const load = async (from: ProjectSnapshots) => {
      const { store: watched, snapshots: watchedSnapshots, reads } = counting(store, from);
      const { state } = await new ProjectStateCache(watchedSnapshots).load(watched, streamId);
      expect(JSON.stringify(state)).toBe(fresh);
      return reads;
    };
    await write();
    expect(await load(snapshots)).toEqual([at]);
    expect(await snapshots.verify(store, streamId)).toBe('agrees');
    // A snapshot that was written wrong (checksum and all) is told apart by a fresh fold.
    await t.db.query('DELETE FROM project_snapshots WHERE stream_id = $1', [streamId]);
    await snapshots.write(streamId, { state: { ...foldProject(all.slice(0, at + 1)), stage: 'approved' }, byIdempotencyKey: new Map(), lastEventId: all[at].eventId });
    expect(await snapshots.verify(store, streamId)).toBe('differs');
    await t.db.query('DELETE FROM project_snapshots WHERE stream_id = $1', [streamId]);
    await write();

    // Another fold version: as if there were none.
    const nextVersion = new ProjectSnapshots(t.db, 2);
    expect(await nextVersion.load(streamId)).toBeNull();
    expect(await load(nextVersion)).toEqual([undefined]);
    // (that fold stored its own version's snapshot in place of ours: ours again)
    await nextVersion.settled();
    await write();
    expect(await load(snapshots)).toEqual([at]);

    // A changed text fails its checksum.
    const [{ body }] = (await t.db.query<{ body: Uint8Array }>('SELECT body FROM project_snapshots WHERE stream_id = $1', [streamId])).rows;
    const changed = Buffer.from(body);
    changed[changed.length >> 1] ^= 1;
    await t.db.query('UPDATE project_snapshots SET body = $2 WHERE stream_id = $1', [streamId, changed]);
    expect(await snapshots.load(streamId)).toBeNull();
    // On the server the statement read from the row's revision before its checksum was known: the stream again, whole.
    expect(await load(snapshots)).toEqual(engine === 'postgres' ? [at, undefined] : [undefined]);
    await snapshots.settled();

    // A snapshot naming an event the store does not hold at its revision (another store's, a restored backup's).
    await t.db.query('DELETE FROM project_snapshots WHERE stream_id = $1', [streamId]);
    await snapshots.write(streamId, { state: foldProject(all.slice(0, at + 1)), byIdempotencyKey: new Map(), lastEventId: randomUUID() });
    expect(await load(snapshots)).toEqual([at, undefined]);
  });

  it('the command handler stores snapshots as it goes; a fresh one starts from them and replays an Idempotency-Key the snapshot holds', async () => {
    const projectId = randomUUID();
    const streamId = projectStreamId(projectId);
    const handler = new ExecuteProjectCommandHandler(store, snapshots);
    const context = (idempotencyKey?: string) => ({ actor: { ...OFFICE, account: 'li' }, requestId: randomUUID(), ...(idempotencyKey ? { idempotencyKey, requestHash: `sha256:${idempotencyKey}` } : {}) });
    await handler.execute(
      new ExecuteProjectCommand(
        { type: 'ProposeProject', data: { projectId, title: 'Glucose detector', summary: 's', deviceType: 'd', riskClass: 'II', targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null }], therapeuticArea: 'a', institution: 'i', department: 'd', leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' }, partners: [] } } as never,
        context(),
      ),
    );
    const milestone = (n: number) => ({ type: 'LogMilestone', data: { projectId, milestoneId: randomUUID(), title: `m${n}`, description: 'd', occurredOn: '2026-01-01' } }) as never;
    const first = await handler.execute(new ExecuteProjectCommand(milestone(0), context('key-0')));
    for (let i = 1; i <= SNAPSHOT_EVERY + 2; i++) await handler.execute(new ExecuteProjectCommand(milestone(i), context()));
    await snapshots.settled();
    const stored = await snapshots.load(streamId);
    expect(stored?.state.revision).toBe(SNAPSHOT_EVERY - 1);
    expect(stored?.byIdempotencyKey.get('li:key-0')?.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));

    // A fresh handler (another process, a restart): the snapshot's row, then the events after it.
    const { store: watched, snapshots: watchedSnapshots, reads } = counting(store, snapshots);
    const fresh = new ExecuteProjectCommandHandler(watched, watchedSnapshots);
    const replay = await fresh.execute(new ExecuteProjectCommand(milestone(0), context('key-0')));
    expect(reads).toEqual([SNAPSHOT_EVERY - 1]);
    expect(replay).toEqual({ ...first, replayed: true });
    const next = await fresh.execute(new ExecuteProjectCommand(milestone(99), context()));
    expect(next.revision).toBe(SNAPSHOT_EVERY + 4);
    expect(JSON.stringify((await new ProjectStateCache(snapshots).load(store, streamId)).state)).toBe(JSON.stringify(foldProject(await store.readStream(streamId))));
    await snapshots.settled();
  });
});
