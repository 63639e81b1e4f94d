import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { createTestDatabase, TestDatabase } from '@app/platform/testing';
import { migrateEventStore } from '../event-store.migrations';
import { RecordedEvent } from '../event-store.port';
import { PostgresEventStore } from '../postgres-event-store';
import { newEvent } from '../testing';
import { EVENTS_FILE, ExportManifest } from '../transfer/export-format';
import { exportStore } from '../transfer/export-store';
import { ImportRefusedError } from '../transfer/import-store';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { importIntoEventStoreDb, planAppends, PlannedAppend } from './eventstoredb-import';
import { fromEsdbEvent, StoredMetadata, uuidV5 } from './eventstoredb.mapping';

// An export of a PostgreSQL store (PGlite here) into EventStoreDB. What runs everywhere: the appends the import plans
// from a real export, read back through the adapter's own mapping as if ESDB had stored them, and the refusals that
// happen before anything is sent. Against a real server only with EVENTSTORE_URL (none can run where this was written).
const url = process.env.EVENTSTORE_URL;

let source: TestDatabase;
let work: string;
let manifest: ExportManifest;
let file: string;
let original: Map<string, RecordedEvent[]>;

beforeAll(async () => {
  source = await createTestDatabase('pglite');
  await migrateEventStore(source.db);
  const store = new PostgresEventStore(source.db, { notifications: false });
  const key = (k: string) => ({
    metadata: { idempotencyKey: k, correlationId: `corr-${k}`, reason: 'a "quoted" reason' },
  });
  // Interleaved streams; one append of three events with an idempotency key; exact numbers and Chinese text.
  await store.append('project-a', [newEvent(key('create-a')), newEvent(key('create-a')), newEvent(key('create-a'))], {
    expectedRevision: 'no_stream',
  });
  await store.append('project-b', [newEvent({ data: { title: '质子治疗系统', amount: 1.5, count: 3 } })], {
    expectedRevision: 'no_stream',
  });
  await store.append('project-a', [newEvent()], { expectedRevision: 2 });
  await store.append('project-a', [newEvent(key('next-a'))], { expectedRevision: 3 });
  await store.append('project-b', [newEvent(), newEvent()], { expectedRevision: 0 });
  original = new Map();
  for (const s of ['project-a', 'project-b']) original.set(s, await store.readStream(s));
  work = await mkdtemp(join(tmpdir(), 'esdb-import-'));
  manifest = await exportStore(source.db, join(work, 'export'), { readModelTables: [] });
  file = join(work, 'export', EVENTS_FILE);
}, 120_000);

afterAll(async () => {
  await source?.drop();
  await rm(work, { recursive: true, force: true });
});

async function planned(skip = 0): Promise<PlannedAppend[]> {
  const appends: PlannedAppend[] = [];
  for await (const append of planAppends(file, skip)) appends.push(append);
  return appends;
}

// What ESDB would hand back for the planned events: its own ids, revisions, positions and `created` (now).
function asStoredByEsdb(appends: PlannedAppend[]): Map<string, EsdbRecordedEvent[]> {
  const streams = new Map<string, EsdbRecordedEvent[]>();
  let prepare = 1000n;
  for (const append of appends) {
    const stored = streams.get(append.streamId) ?? [];
    append.events.forEach((e, i) => {
      prepare += 100n;
      stored.push({
        streamId: append.streamId,
        id: e.id,
        revision: BigInt(append.after + 1 + i),
        type: e.type,
        data: JSON.parse(JSON.stringify(e.data)),
        metadata: JSON.parse(JSON.stringify(e.metadata)),
        isJson: true,
        created: new Date(),
        position: { commit: prepare, prepare },
      } as EsdbRecordedEvent);
    });
    streams.set(append.streamId, stored);
  }
  return streams;
}

describe('import into EventStoreDB: the planned appends', () => {
  it('follow the file: one append per run of one stream, each after the revision before it', async () => {
    const appends = await planned();
    expect(appends.map((a) => [a.streamId, a.after, a.events.length, a.firstLine, a.lastLine])).toEqual([
      ['project-a', -1, 3, 1, 3],
      ['project-b', -1, 1, 4, 4],
      ['project-a', 2, 2, 5, 6],
      ['project-b', 0, 2, 7, 8],
    ]);
    // An interrupted run resumes after the lines already written.
    expect((await planned(5)).map((a) => [a.streamId, a.after, a.firstLine])).toEqual([
      ['project-a', 3, 6],
      ['project-b', 0, 7],
    ]);
  });

  it('read back through the adapter, give the same events: ids, revisions, recordedAt, data, metadata', async () => {
    const stored = asStoredByEsdb(await planned());
    for (const [streamId, events] of original) {
      const read = stored.get(streamId)!.map((e) => fromEsdbEvent(e, streamId));
      const strip = (e: RecordedEvent) => ({ ...e, globalPosition: 0, checkpoint: null });
      expect(read.map(strip)).toEqual(events.map(strip));
    }
  });

  it('store ids and appends as the adapter does, and carry each event’s position, recording instant and hashes', async () => {
    const appends = await planned();
    const lines = (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const first = appends[0].events;
    // The keyed append: ids derived from (stream, key, index) so a retry of that command is recognised; one appendId.
    expect(first.map((e) => e.id)).toEqual([0, 1, 2].map((i) => uuidV5(`project-a\ncreate-a\n${i}`)));
    expect(new Set(first.map((e) => (e.metadata as StoredMetadata).appendId)).size).toBe(1);
    expect(appends[1].events[0].id).toBe(lines[3].eventId);
    const all = appends.flatMap((a) => a.events);
    all.forEach((e, i) => {
      expect((e.metadata as StoredMetadata).imported).toEqual({
        globalPosition: lines[i].globalPosition,
        recordedAt: lines[i].recordedAt,
        prevHash: lines[i].prevHash,
        hash: lines[i].hash,
      });
    });
    const lastOfB = all.filter((_, i) => lines[i].streamId === 'project-b').pop()!;
    expect((lastOfB.metadata as StoredMetadata).imported?.hash).toBe(manifest.streams.heads['project-b'].hash);
  });

  it('an altered line is refused with its number before anything is sent (no server needed to refuse)', async () => {
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[3]).toContain('"amount": 1.5');
    lines[3] = lines[3].replace('"amount": 1.5', '"amount": 2.5');
    const altered = join(work, 'altered.ndjson');
    await writeFile(altered, lines.join('\n'));
    const client = EventStoreDBClient.connectionString('esdb://127.0.0.1:1?tls=false&defaultDeadline=2000');
    try {
      const refused = await importIntoEventStoreDb(client, altered).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ImportRefusedError);
      expect(refused).toMatchObject({ line: 4, message: expect.stringMatching(/does not match its hash/) });
    } finally {
      await client.dispose();
    }
  });
});

if (!url) console.log('EventStoreDB import suite skipped: EVENTSTORE_URL not set');

(url ? describe : describe.skip)('import into a real EventStoreDB', () => {
  it('writes the record as the adapter reads it, refuses a store that is not its own, and resumes an interrupted run', async () => {
    const namespace = `i${randomUUID().replace(/-/g, '')}-`;
    const client = EventStoreDBClient.connectionString(url!);
    const store = EventStoreDbEventStore.connect(url!, { namespace });
    try {
      // Killed after its first five lines: the same file cut there (no manifest), then the whole file resumes.
      const firstFive = join(work, 'first-five.ndjson');
      await writeFile(firstFive, (await readFile(file, 'utf8')).split('\n').slice(0, 5).join('\n') + '\n');
      expect(await importIntoEventStoreDb(client, firstFive, { namespace })).toMatchObject({
        events: 5,
        resumedAfter: 0,
      });
      expect(await importIntoEventStoreDb(client, file, { namespace, manifest })).toMatchObject({
        events: manifest.events.count,
        resumedAfter: 5,
      });
      expect(await importIntoEventStoreDb(client, file, { namespace, manifest })).toMatchObject({
        resumedAfter: manifest.events.count,
      });
      for (const [streamId, events] of original) {
        const read = await store.readStream(streamId);
        expect(read.map((e) => [e.eventId, e.revision, e.recordedAt, e.type, e.data, e.metadata])).toEqual(
          events.map((e) => [e.eventId, e.revision, e.recordedAt, e.type, e.data, e.metadata]),
        );
      }
      // Another writer's event in the namespace: not this import's store any more.
      await store.append('other', [newEvent()], { expectedRevision: 'no_stream' });
      await expect(importIntoEventStoreDb(client, file, { namespace, manifest })).rejects.toThrow(/not empty/);
    } finally {
      await store.close();
      await client.dispose();
    }
  }, 120_000);
});
