import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'pg';
import { migrate, PgliteDatabase, splitStatements } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { availableEngines, createTestDatabase, TestDatabase } from '../testing';

describe.each(availableEngines())('SqlDatabase on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(() => t.drop());

  it('rolls a failed transaction back', async () => {
    await t.db.exec('CREATE TABLE probe (n int PRIMARY KEY)');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('INSERT INTO probe VALUES (1)');
        await tx.query('INSERT INTO probe VALUES (1)');
      }),
    ).rejects.toThrow();
    expect((await t.db.query('SELECT * FROM probe')).rowCount).toBe(0);
  });

  it('applies each migration once, in order', async () => {
    const migrations = [
      { version: 2, name: 'second', sql: 'ALTER TABLE m ADD COLUMN b int;' },
      { version: 1, name: 'first', sql: 'CREATE TABLE m (a int);\nINSERT INTO m (a) VALUES (1);' },
    ];
    expect(await migrate(t.db, 'probe', migrations)).toEqual([1, 2]);
    expect(await migrate(t.db, 'probe', migrations)).toEqual([]);
    expect((await t.db.query('SELECT a, b FROM m')).rows).toEqual([{ a: 1, b: null }]);
  });
});

const onServer = process.env.DATABASE_URL ? describe : describe.skip;
onServer('PostgresDatabase type parsers', () => {
  // Emmett's dumbo, loaded beside us in the benchmarks, rewrites pg's global parsers (int8 → BigInt, its own JSON).
  it('keeps int8 a decimal string and JSON parsed whatever another library does to pg.types', async () => {
    const t = await createTestDatabase('postgres');
    const int8 = types.getTypeParser(20, 'text');
    const jsonb = types.getTypeParser(3802, 'text');
    try {
      types.setTypeParser(20, (value: string) => BigInt(value));
      types.setTypeParser(3802, () => 'not ours');
      const { rows } = await t.db.query<{ n: unknown; j: unknown; d: unknown }>(
        `SELECT 9007199254740993::int8 AS n, '{"a":[1]}'::jsonb AS j, 2.5::float8 AS d`,
      );
      expect(rows[0]).toEqual({ n: '9007199254740993', j: { a: [1] }, d: 2.5 });
    } finally {
      types.setTypeParser(20, int8);
      types.setTypeParser(3802, jsonb);
      await t.drop();
    }
  });
});

describe('splitStatements', () => {
  it('keeps dollar-quoted bodies whole', () => {
    const sql = 'CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;';
    expect(splitStatements(sql)).toHaveLength(2);
  });
});

describe('PgliteDatabase in a fresh data directory with a schema', () => {
  // A key no other test or start uses, so this test makes its template itself, and removes it after.
  const key = `test-${randomUUID()}`;
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-template-'));
    dirs.push(dir);
    return join(dir, 'data');
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    for (const name of readdirSync(join(tmpdir(), 'medtech-pipeline'))) {
      if (name.includes(key)) rmSync(join(tmpdir(), 'medtech-pipeline', name), { recursive: true, force: true });
    }
  });

  it('is migrated before it is returned, the first time by applying the schema, then as a copy of that cluster', async () => {
    let applied = 0;
    const schema = {
      key,
      apply: async (db: SqlDatabase) => {
        applied++;
        return migrate(db, 'probe', [{ version: 1, name: 'first', sql: 'CREATE TABLE m (a int);' }]);
      },
    };
    const first = await PgliteDatabase.open(fresh(), schema);
    await first.query('INSERT INTO m (a) VALUES (1)');
    await first.close();
    expect(applied).toBe(1);

    // The second fresh directory starts from the template: migrated, without the first one's rows.
    const secondDir = fresh();
    const second = await PgliteDatabase.open(secondDir, schema);
    try {
      expect(applied).toBe(1);
      expect((await second.query('SELECT count(*)::int AS n FROM m')).rows).toEqual([{ n: 0 }]);
      expect(await migrate(second, 'probe', [{ version: 1, name: 'first', sql: 'CREATE TABLE m (a int);' }])).toEqual(
        [],
      );
      // A migration the template lacks is still applied by whoever migrates the database.
      expect(
        await migrate(second, 'probe', [
          { version: 1, name: 'first', sql: 'CREATE TABLE m (a int);' },
          { version: 2, name: 'second', sql: 'ALTER TABLE m ADD COLUMN b int;' },
        ]),
      ).toEqual([2]);
    } finally {
      await second.close();
    }

    // An existing directory is opened as it is, never replaced by the template.
    const again = await PgliteDatabase.open(secondDir, schema);
    try {
      expect(
        (
          await again.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY 1', [
            'm',
          ])
        ).rows,
      ).toEqual([{ column_name: 'a' }, { column_name: 'b' }]);
    } finally {
      await again.close();
    }
  }, 60_000);
});
