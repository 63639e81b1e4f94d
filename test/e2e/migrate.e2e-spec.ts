import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE_MIGRATIONS, PROJECTION_MIGRATIONS } from '@app/event-store';
import { IDENTITY_MIGRATIONS } from '@app/identity';
import { DOCUMENT_MIGRATIONS, PROJECT_SNAPSHOT_MIGRATIONS, READ_MODEL_MIGRATIONS } from '@app/pipeline';
import { PgliteDatabase, SqlDatabase } from '@app/platform';
import { createTestDatabase, TestDatabase } from '../../libs/platform/src/testing';
import { migrateDatabase } from '../../apps/api/src/migrate-database';
import { CLI_DIR, Proc } from './support/processes';
import { e2eEngine } from './support/test-app';

// `npm run migrate`, as the Kubernetes migration Job runs it: every component's schema, once, then nothing.
const EXPECTED = [
  ...EVENT_STORE_MIGRATIONS.map((m) => `event_store ${m.version}`),
  ...PROJECTION_MIGRATIONS.map((m) => `projections ${m.version}`),
  ...READ_MODEL_MIGRATIONS.map((m) => `read_models ${m.version}`),
  ...IDENTITY_MIGRATIONS.map((m) => `identity ${m.version}`),
  ...DOCUMENT_MIGRATIONS.map((m) => `documents ${m.version}`),
  ...PROJECT_SNAPSHOT_MIGRATIONS.map((m) => `command_snapshots ${m.version}`),
].sort();
const MIGRATE = join(CLI_DIR, 'migrate.js');

async function recorded(db: SqlDatabase): Promise<string[]> {
  const { rows } = await db.query<{ component: string; version: number }>('SELECT component, version FROM schema_migrations');
  return rows.map((r) => `${r.component} ${r.version}`).sort();
}

async function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const proc = new Proc('migrate', MIGRATE, { LOG_LEVEL: 'silent', ...env });
  const code = await proc.exited;
  return { code, output: proc.output };
}

describe('schema migrations (npm run migrate)', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(e2eEngine());
  });
  afterEach(async () => {
    await t.drop();
  });

  it('migrateDatabase applies every component’s migrations on a fresh database, and nothing the second time', async () => {
    const first = await migrateDatabase(t.db);
    expect(Object.entries(first).flatMap(([component, versions]) => versions.map((v) => `${component} ${v}`)).sort()).toEqual(EXPECTED);
    expect(await recorded(t.db)).toEqual(EXPECTED);
    expect(await migrateDatabase(t.db)).toEqual({ event_store: [], projections: [], read_models: [], identity: [], documents: [], command_snapshots: [] });
    expect(await recorded(t.db)).toEqual(EXPECTED);
  });

  describe('the built command', () => {
    beforeAll(() => {
      if (!existsSync(MIGRATE)) throw new Error(`${MIGRATE} is missing: run "npm run build" first (npm run test:e2e does)`);
    });

    it('exits 0 having applied the schema, and 0 again applying nothing', async () => {
      // On PGlite the command gets a data directory of its own (one process per directory).
      const dataDir = t.url ? undefined : mkdtempSync(join(tmpdir(), 'migrate-e2e-'));
      const env: Record<string, string> = t.url ? { DATABASE_URL: t.url } : { DATABASE_URL: '', DATA_DIR: dataDir! };
      try {
        const first = await run(env);
        expect({ code: first.code, output: first.output }).toEqual({ code: 0, output: expect.stringMatching(/event_store: applied 1/) });
        const second = await run(env);
        expect(second.code).toBe(0);
        expect(second.output).toMatch(/event_store: up to date\nprojections: up to date\nread_models: up to date\nidentity: up to date\ndocuments: up to date\ncommand_snapshots: up to date\nSchema current/);
        const db = t.url ? t.db : await PgliteDatabase.open(dataDir);
        try {
          expect(await recorded(db)).toEqual(EXPECTED);
        } finally {
          if (db !== t.db) await db.close();
        }
      } finally {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    }, 120_000);

    it('exits non-zero with the reason when the database cannot be reached', async () => {
      const { code, output } = await run({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
      expect(code).toBe(1);
      expect(output).toMatch(/^Migration failed: .*ECONNREFUSED/m);
    }, 30_000);
  });
});
