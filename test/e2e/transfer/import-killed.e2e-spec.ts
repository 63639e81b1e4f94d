import { jest } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEventStore } from '@app/event-store';
import { PgliteDatabase, SqlDatabase } from '@app/platform';
import { availableEngines, createTestDatabase, TestDatabase, TestEngine } from '../../../libs/platform/src/testing';
import { migrateDatabase } from '../../../apps/api/src/migrate-database';
import { assertBuilt, CLI_DIR, eventually } from '../support/processes';

// The built CLI (npm run build, or APP_DIST from scripts/build-private.sh): `npm run export`, then `npm run import`
// SIGKILLed after its first thousand events. The import is one transaction, so the killed run leaves nothing behind
// and the store is still empty: the rerun imports everything, ending with the same record (rows, hashes, chain).
jest.setTimeout(300_000);

const STREAMS = 300;
const PER_STREAM = 100;

interface Place {
  env: Record<string, string>;
  open(): Promise<SqlDatabase>;
  release(db: SqlDatabase): Promise<void>;
  drop(): Promise<void>;
}

// A database the CLI can reach: a server database (DATABASE_URL), or a PGlite data directory (DATA_DIR) the test
// opens only while no CLI runs (it belongs to one process at a time).
async function place(engine: TestEngine, work: string, name: string): Promise<Place> {
  if (engine === 'postgres') {
    const database: TestDatabase = await createTestDatabase('postgres', 4);
    return { env: { DATABASE_URL: database.url! }, open: async () => database.db, release: async () => undefined, drop: () => database.drop() };
  }
  const dataDir = join(work, name);
  return { env: { DATA_DIR: dataDir }, open: () => PgliteDatabase.open(dataDir), release: (db) => db.close(), drop: async () => undefined };
}

function cli(script: string, args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  const child = spawn(process.execPath, [join(CLI_DIR, script), ...args], { env: { ...base, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function rows(db: SqlDatabase): Promise<unknown> {
  return (
    await db.query<{ rows: unknown }>(
      `SELECT coalesce(json_agg(json_build_array(global_position, event_id, stream_id, stream_revision, data::text, metadata::text,
         recorded_at, occurred_at, encode(prev_hash, 'hex'), encode(hash, 'hex')) ORDER BY global_position), '[]') AS rows FROM events`,
    )
  ).rows[0].rows;
}

describe.each(availableEngines())('an import SIGKILLed midway (%s)', (engine) => {
  let work: string;
  let source: Place;
  let target: Place;

  beforeAll(async () => {
    assertBuilt();
    work = await mkdtemp(join(tmpdir(), 'import-killed-'));
    source = await place(engine, work, 'source');
    target = await place(engine, work, 'target');
    const db = await source.open();
    await migrateDatabase(db);
    // 30,000 events: long enough an import to be killed in the middle.
    await db.query(
      `SELECT append_events('bulk-' || s, 'no_stream', (
         SELECT jsonb_agg(jsonb_build_object('eventId', gen_random_uuid(), 'type', 'BulkRecorded', 'schemaVersion', 1,
           'data', jsonb_build_object('n', i, 'text', '质子 ' || i, 'ratio', i / 7.0),
           'metadata', jsonb_build_object('occurredAt', '2025-01-01T00:00:00Z', 'actor', jsonb_build_object('id', 'bulk', 'name', 'Bulk', 'role', 'admin')))
           ORDER BY i)
         FROM generate_series(1, ${PER_STREAM}) AS i WHERE s > 0)) FROM generate_series(1, ${STREAMS}) AS s`,
    );
    await source.release(db);
    const exported = cli('export.js', ['--to', join(work, 'export')], source.env);
    expect(await exported.exited).toBe(0);
    expect(exported.output()).toContain(`${STREAMS * PER_STREAM} events of ${STREAMS} streams`);
  });

  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('leaves nothing half-written, and the rerun ends with the same record', async () => {
    const killed = cli('import.js', ['--from', join(work, 'export')], target.env);
    await eventually('the import’s first progress line', async () => /imported events: \d+/.test(killed.output()), 120_000);
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBeNull(); // killed, not finished
    expect(killed.output()).not.toContain('events of');

    let db = await target.open();
    expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n)).toBe(0);
    expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM streams')).rows[0].n)).toBe(0);
    await target.release(db);

    const rerun = cli('import.js', ['--from', join(work, 'export')], target.env);
    expect(await rerun.exited).toBe(0);
    expect(rerun.output()).toContain(`${STREAMS * PER_STREAM} events of ${STREAMS} streams imported`);

    db = await target.open();
    const sourceDb = engine === 'postgres' ? await source.open() : undefined;
    try {
      expect(await verifyEventStore(db)).toMatchObject({ ok: true, events: STREAMS * PER_STREAM });
      if (sourceDb) expect(await rows(db)).toEqual(await rows(sourceDb));
      else {
        const imported = await rows(db);
        await target.release(db);
        const src = await source.open();
        try {
          expect(imported).toEqual(await rows(src));
        } finally {
          await source.release(src);
        }
        db = await target.open();
      }
      // A second import into the now full store is refused, and changes nothing.
      await target.release(db);
      const again = cli('import.js', ['--from', join(work, 'export')], target.env);
      expect(await again.exited).toBe(3);
      expect(again.output()).toMatch(/Import refused: the event store is not empty.*Nothing was written/);
      db = await target.open();
      expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n)).toBe(STREAMS * PER_STREAM);
    } finally {
      await target.release(db);
    }
  });
});
