import { jest } from '@jest/globals';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDatabase, SqlDatabase } from '@app/platform';
import { availableEngines, createTestDatabase, TestDatabase, TestEngine } from '../../../libs/platform/src/testing';
import { assertBuilt, CLI_DIR } from '../support/processes';

// The built CLI (npm run build, or APP_DIST from scripts/build-private.sh): `npm run import -- --portfolio` of a
// 120-project portfolio SIGKILLed after its tenth project. Each project is one append, so the killed run leaves whole
// projects only; the rerun leaves those alone and writes the rest, ending with the same record as a run that was never
// interrupted (the same event ids, revisions, data and metadata). A dry run writes nothing.
jest.setTimeout(600_000);

const PROJECTS = 120;

interface Place {
  env: Record<string, string>;
  open(): Promise<SqlDatabase>;
  release(db: SqlDatabase): Promise<void>;
  drop(): Promise<void>;
}

async function place(engine: TestEngine, work: string, name: string): Promise<Place> {
  if (engine === 'postgres') {
    const database: TestDatabase = await createTestDatabase('postgres', 4);
    return { env: { DATABASE_URL: database.url! }, open: async () => database.db, release: async () => undefined, drop: () => database.drop() };
  }
  const dataDir = join(work, name);
  return { env: { DATA_DIR: dataDir }, open: () => PgliteDatabase.open(dataDir), release: (db) => db.close(), drop: async () => undefined };
}

/** The import CLI; with `killAt`, SIGKILLed the moment its output first matches (a poll could come too late for a fast run). */
function cli(args: string[], env: Record<string, string>, killAt?: RegExp): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.DATA_DIR;
  const child = spawn(process.execPath, [join(CLI_DIR, 'import.js'), ...args], { env: { ...base, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (c: Buffer) => {
    output += c.toString();
    if (killAt?.test(output) && child.exitCode === null && !child.killed) child.kill('SIGKILL');
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

// The record without what a rerun cannot repeat (recording instants, global positions and hashes).
async function record(place: Place): Promise<{ streams: number; events: unknown }> {
  const db = await place.open();
  try {
    const events = (
      await db.query<{ rows: unknown }>(
        `SELECT coalesce(json_agg(json_build_array(event_id, stream_id, stream_revision, type, data::text, metadata::text, occurred_at)
           ORDER BY stream_id, stream_revision), '[]') AS rows FROM events`,
      )
    ).rows[0].rows;
    const streams = Number((await db.query<{ n: string }>(`SELECT count(DISTINCT stream_id) AS n FROM events`)).rows[0].n);
    return { streams, events };
  } catch (error) {
    if (/relation "events" does not exist/.test(String(error))) return { streams: 0, events: [] };
    throw error;
  } finally {
    await place.release(db);
  }
}

describe.each(availableEngines())('a portfolio import SIGKILLed midway (%s)', (engine) => {
  let work: string;
  let file: string;
  let killed: Place;
  let reference: Place;

  beforeAll(async () => {
    assertBuilt();
    work = await mkdtemp(join(tmpdir(), 'portfolio-killed-'));
    file = join(work, 'portfolio.csv');
    execFileSync(process.execPath, ['scripts/generate-portfolio.mjs', '--projects', String(PROJECTS), '--out', file]);
    killed = await place(engine, work, 'killed');
    reference = await place(engine, work, 'reference');
  });

  afterAll(async () => {
    await killed?.drop();
    await reference?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('a dry run writes nothing', async () => {
    const dry = cli(['--portfolio', file, '--dry-run'], killed.env);
    expect(await dry.exited).toBe(0);
    expect(dry.output()).toContain(`would create ${PROJECTS} projects`);
    expect((await record(killed)).streams).toBe(0);
  });

  it('leaves whole projects only, and the rerun ends with the same record as an uninterrupted run', async () => {
    const run = cli(['--portfolio', file], killed.env, /portfolio: 10\/\d+ projects/);
    expect(await run.exited).toBeNull();
    const partial = await record(killed);
    expect(partial.streams).toBeGreaterThanOrEqual(10);
    expect(partial.streams).toBeLessThan(PROJECTS);

    const rerun = cli(['--portfolio', file], killed.env);
    expect(await rerun.exited).toBe(0);
    expect(rerun.output()).toContain(`Created ${PROJECTS - partial.streams} projects; ${partial.streams} were already imported`);

    const whole = cli(['--portfolio', file], reference.env);
    expect(await whole.exited).toBe(0);
    expect(whole.output()).toContain(`Created ${PROJECTS} projects; 0 were already imported`);

    const [after, expected] = [await record(killed), await record(reference)];
    expect(after.streams).toBe(PROJECTS);
    expect(after.events).toEqual(expected.events);

    // And once more: nothing new.
    const again = cli(['--portfolio', file], killed.env);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain(`Created 0 projects; ${PROJECTS} were already imported`);
    expect(await record(killed)).toEqual(after);
  });
});
