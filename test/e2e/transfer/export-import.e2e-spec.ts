import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  EVENTS_FILE,
  ExportManifest,
  exportStore,
  ImportRefusedError,
  importEvents,
  PostgresEventStore,
  ProjectionRunner,
  verifyEventStore,
} from '@app/event-store';
import { PIPELINE_PROJECTIONS } from '@app/pipeline';
import type { SqlExecutor } from '@app/platform';
import { availableEngines, createTestDatabase, TestDatabase } from '../../../libs/platform/src/testing';
import { DemoSeeder } from '../../../libs/pipeline/src/demo/demo-seeder';
import { migrateDatabase } from '../../../apps/api/src/migrate-database';
import { dumpTable, expectReadModelsEqualFreshReplay, headPosition, READ_MODEL_TABLES } from '../../support/replay';
import { startTestApp, TestApp } from '../support/test-app';

// The whole record out and back in: export → offline verify (scripts/verify-export.mjs, plain Node) → import into a
// fresh database (PGlite, and the server with DATABASE_URL) → the same rows, hashes and read models. Tampered or
// malformed lines are refused by both the script and the import, with the line number, and nothing is written.
jest.setTimeout(240_000);

const run = promisify(execFile);
const READ_MODELS = PIPELINE_PROJECTIONS.flatMap((p) => p.tables);

// Every column of every event but transaction_id (an import is one transaction of the new database).
const EVENT_ROWS = `SELECT coalesce(json_agg(json_build_object('p', global_position, 'id', event_id, 's', stream_id, 'r', stream_revision,
  't', type, 'v', schema_version, 'd', data::text, 'm', metadata::text, 'a', actor_id, 'why', reason, 'c', correlation_id,
  'k', idempotency_key, 'o', (extract(epoch FROM occurred_at) * 1000000)::bigint, 'rec', (extract(epoch FROM recorded_at) * 1000000)::bigint,
  'ph', encode(prev_hash, 'hex'), 'h', encode(hash, 'hex')) ORDER BY global_position), '[]') AS rows FROM events`;

async function eventRows(db: SqlExecutor): Promise<unknown> {
  return (await db.query<{ rows: unknown }>(EVENT_ROWS)).rows[0].rows;
}

async function verifyScript(target: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/verify-export.mjs', target]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function freshStore(engine: 'pglite' | 'postgres'): Promise<TestDatabase> {
  const database = await createTestDatabase(engine);
  await migrateDatabase(database.db);
  return database;
}

async function project(database: TestDatabase): Promise<void> {
  const runner = new ProjectionRunner(database.db, new PostgresEventStore(database.db, { notifications: false }), PIPELINE_PROJECTIONS, { pollIntervalMs: 20 });
  await runner.start();
  const head = await headPosition(database);
  try {
    if (head > 0 && !(await runner.waitFor(head, 120_000))) throw new Error(`projections did not reach ${head}`);
  } finally {
    await runner.stop();
  }
}

describe('export and import of the whole record', () => {
  let source: TestApp;
  let work: string;
  let exported: string;
  let manifest: ExportManifest;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'transfer-'));
    source = await startTestApp({ DEMO_DATA: 'true', RUN_PROJECTIONS: 'true' });
    await source.app.get(DemoSeeder).seeded;
    // Values JSON.parse would change (1.50, an integer beyond 2^53, an exponent, -0), keys jsonb reorders, escapes,
    // Chinese and Indonesian text: written as jsonb text by the append function itself, as any writer could.
    await source.database.db.query(`SELECT * FROM append_events('edge-values', 'no_stream', $1::jsonb)`, [
      `[{"eventId": "6f1d3c1e-0000-4000-8000-000000000001", "type": "EdgeValuesRecorded", "schemaVersion": 1,
         "data": {"zz": 1.50, "a": 12345678901234567890123, "big": 1e21, "small": 1.5e-7, "neg": -0, "": "empty key",
                  "text": "质子治疗系统 \\"quoted\\" back\\\\slash\\ttab\\u0001 Perangkat medis é 🩺", "nested": [{"b": 1, "a": [true, null]}]},
         "metadata": {"occurredAt": "2024-02-29T23:59:59.123456+08:00", "actor": {"id": "importer", "name": "导入者", "role": "admin"},
                      "reason": "edge values", "correlationId": "corr-1", "idempotencyKey": "edge-1"}}]`,
    ]);
    await source.app.get(ProjectionRunner).waitFor(await headPosition(source.database), 60_000);
    exported = join(work, 'export');
    manifest = await exportStore(source.database.db, exported, { readModelTables: READ_MODELS });
  });

  afterAll(async () => {
    await source?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('writes every event, the read models and a manifest with each stream’s last hash and the chain check', async () => {
    const head = await headPosition(source.database);
    const count = Number((await source.database.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
    expect(manifest.events).toMatchObject({ count, lastGlobalPosition: head });
    expect(manifest.chainCheck.ok).toBe(true);
    const last = (await source.database.db.query<{ h: string; r: number }>(
      `SELECT encode(hash, 'hex') AS h, stream_revision AS r FROM events WHERE stream_id = 'edge-values'`,
    )).rows[0];
    expect(manifest.streams.heads['edge-values']).toEqual({ revision: last.r, hash: last.h });
    const lines = (await readFile(join(exported, EVENTS_FILE), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(count);
    expect(lines[lines.length - 1]).toContain('"zz": 1.50');
    const board = await readFile(join(exported, 'pipeline_board.csv'), 'utf8');
    expect(board.split('\r\n')[0]).toMatch(/^project_id,/);
    expect(manifest.readModels.find((t) => t.table === 'pipeline_board')?.rows).toBeGreaterThanOrEqual(12);
  });

  it('verifies offline with the dependency-free script', async () => {
    const { code, out } = await verifyScript(exported);
    expect(out).toContain(`OK: ${manifest.events.count} events`);
    expect(code).toBe(0);
  });

  describe.each(availableEngines())('import into a fresh %s database', (engine) => {
    let target: TestDatabase;
    beforeAll(async () => {
      target = await freshStore(engine);
    });
    afterAll(() => target?.drop());

    it('reproduces every event row for row (ids, revisions, positions, instants, hashes) and read models equal to the source’s', async () => {
      const result = await importEvents(target.db, join(exported, EVENTS_FILE), { manifest });
      expect(result.events).toBe(manifest.events.count);
      expect(await eventRows(target.db)).toEqual(await eventRows(source.database.db));
      expect(await verifyEventStore(target.db)).toMatchObject({ ok: true, events: manifest.events.count });
      // Appends continue after the imported positions.
      const next = await new PostgresEventStore(target.db, { notifications: false }).append(
        'after-import',
        [{ eventId: '6f1d3c1e-0000-4000-8000-000000000002', type: 'Appended', schemaVersion: 1, data: {}, metadata: { occurredAt: new Date().toISOString(), actor: { id: 'x', name: 'x', role: 'admin' } } }],
        { expectedRevision: 'no_stream' },
      );
      expect(next.globalPosition).toBeGreaterThan(manifest.events.lastGlobalPosition);
      await project(target);
      for (const table of Object.keys(READ_MODEL_TABLES)) {
        expect({ table, rows: await dumpTable(target, table) }).toEqual({ table, rows: await dumpTable(source.database, table) });
      }
      if (engine === 'postgres') await expectReadModelsEqualFreshReplay(target);
    });

    it('refuses a store that is not empty, writing nothing', async () => {
      const before = await headPosition(target);
      await expect(importEvents(target.db, join(exported, EVENTS_FILE))).rejects.toThrow(/not empty/);
      expect(await headPosition(target)).toBe(before);
    });
  });

  describe('tampered and malformed exports', () => {
    const engine = availableEngines().at(-1)!;

    async function tamperedCopy(name: string, edit: (lines: string[]) => void): Promise<string> {
      const dir = join(work, name);
      await cp(exported, dir, { recursive: true });
      const lines = (await readFile(join(dir, EVENTS_FILE), 'utf8')).split('\n');
      edit(lines);
      await writeFile(join(dir, EVENTS_FILE), lines.join('\n'));
      return dir;
    }

    async function expectImportRefused(dir: string, line: number | null, message: RegExp): Promise<void> {
      const target = await freshStore(engine);
      try {
        const refused = await importEvents(target.db, join(dir, EVENTS_FILE), { manifest }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(ImportRefusedError);
        expect(refused).toMatchObject({ line, message: expect.stringMatching(message) });
        // Nothing half-written.
        expect(await headPosition(target)).toBe(0);
        expect(Number((await target.db.query<{ n: string }>('SELECT count(*) AS n FROM streams')).rows[0].n)).toBe(0);
      } finally {
        await target.drop();
      }
    }

    it('an altered value: the script and the import name the line; nothing is written', async () => {
      // Deep in the file, past the first insert batch, so the refusal is not of the first rows.
      const victim = Math.min(manifest.events.count - 2, 1500);
      const dir = await tamperedCopy('altered', (lines) => {
        const e = JSON.parse(lines[victim]) as { data: Record<string, unknown> };
        lines[victim] = JSON.stringify({ ...e, data: { ...e.data, tampered: 'yes' } });
      });
      const { code, out } = await verifyScript(dir);
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`line ${victim + 1}: .*does not match its hash`));
      await expectImportRefused(dir, victim + 1, /does not match its hash/);
    });

    it('an event id used twice is refused at the later line, past the first insert batch', async () => {
      const victim = Math.min(manifest.events.count - 2, 1500);
      const dir = await tamperedCopy('repeated-id', (lines) => {
        const first = JSON.parse(lines[2]) as { eventId: string };
        const e = JSON.parse(lines[victim]) as Record<string, unknown>;
        lines[victim] = JSON.stringify({ ...e, eventId: first.eventId });
      });
      await expectImportRefused(dir, victim + 1, /occurs twice/);
    });

    it('a changed instant (recordedAt a microsecond later) is refused', async () => {
      const dir = await tamperedCopy('instant', (lines) => {
        lines[3] = lines[3].replace(/"recordedAt":"([^"]*)(\d)Z"/, (_, head: string, d: string) => `"recordedAt":"${head}${(Number(d) + 1) % 10}Z"`);
      });
      expect((await verifyScript(dir)).out).toMatch(/line 4: .*does not match its hash/);
      await expectImportRefused(dir, 4, /does not match its hash/);
    });

    it('a removed line breaks the chain at the next event of its stream', async () => {
      const dir = await tamperedCopy('removed', (lines) => {
        // A project's revision 1: the next line of that stream (revision 2) is refused.
        const i = lines.findIndex((l) => l.includes('"streamId":"project-') && l.includes('"revision":1,'));
        lines.splice(i, 1);
      });
      const { code, out } = await verifyScript(dir);
      expect(code).toBe(1);
      expect(out).toMatch(/expected revision 1/);
      const line = Number(/line (\d+):/.exec(out)![1]);
      await expectImportRefused(dir, line, /expected revision 1/);
    });

    it('a malformed line is refused with its number', async () => {
      const dir = await tamperedCopy('malformed', (lines) => {
        lines[6] = lines[6].slice(0, 40);
      });
      const { code, out } = await verifyScript(dir);
      expect(code).toBe(1);
      expect(out).toMatch(/line 7: invalid JSON/);
      await expectImportRefused(dir, 7, /not a JSON object/);
    });

    it('a truncated file is refused against its manifest', async () => {
      const dir = await tamperedCopy('truncated', (lines) => {
        lines.splice(lines.length - 3, 2);
      });
      expect((await verifyScript(dir)).out).toMatch(/manifest: the manifest counts/);
      await expectImportRefused(dir, null, /manifest counts/);
    });
  });

  // The export checks the chain in its one pass over the events; a store changed behind the application's back is
  // named in the manifest as the full check names it.
  it('a store altered behind the application’s back: the manifest’s chain check names the event', async () => {
    await source.database.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await tx.query(`UPDATE events SET data = jsonb_set(data, '{zz}', '2.5') WHERE stream_id = 'edge-values'`);
      await tx.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
    });
    const altered = await exportStore(source.database.db, join(work, 'export-altered'), { readModelTables: [] });
    expect(altered.chainCheck.ok).toBe(false);
    expect(altered.chainCheck.problems).toEqual([expect.objectContaining({ kind: 'altered', streamId: 'edge-values', revision: 0 })]);
  });
});
