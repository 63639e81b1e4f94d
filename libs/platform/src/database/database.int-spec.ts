import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'pg';
import { migrate, PgliteDatabase, PostgresDatabase, splitStatements } from '@app/platform';
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

onServer('PostgresDatabase.pipeline (pipelined transactions)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await t.db.exec('CREATE TABLE piped (n int PRIMARY KEY, note text)');
  });
  afterAll(() => t.drop());

  it('commits transactions in order, reads see what was queued before them, and a failed one commits nothing', async () => {
    const pipeline = await (t.db as PostgresDatabase).pipeline();
    try {
      pipeline.begin();
      await pipeline.executor.execute!('INSERT INTO piped VALUES (1, $1)', ['first']);
      await pipeline.executor.copyIn!('COPY piped (n, note) FROM STDIN', Buffer.from('2\tcopied\n'));
      // Queued writes return before the server ran them; a read waits behind them.
      expect((await pipeline.executor.query('SELECT count(*)::int AS n FROM piped')).rows).toEqual([{ n: 2 }]);
      const first = pipeline.commit();

      pipeline.begin();
      await pipeline.executor.execute!('INSERT INTO piped VALUES (3, $1)', ['lost']);
      await pipeline.executor.execute!('INSERT INTO piped VALUES (1, $1)', ['duplicate']);
      await pipeline.executor.execute!('INSERT INTO piped VALUES (4, $1)', ['after the failure']);
      const second = pipeline.commit();

      pipeline.begin();
      await pipeline.executor.execute!('INSERT INTO piped VALUES (5, $1)', ['third']);
      const third = pipeline.commit();

      await expect(first).resolves.toBeUndefined();
      await expect(second).rejects.toThrow(/duplicate key/);
      await expect(third).resolves.toBeUndefined();
      expect((await t.db.query('SELECT n, note FROM piped ORDER BY n')).rows).toEqual([
        { n: 1, note: 'first' },
        { n: 2, note: 'copied' },
        { n: 5, note: 'third' },
      ]);
    } finally {
      await pipeline.close();
    }
  });

  it('rolls back on request, and a failed COPY fails its commit', async () => {
    const pipeline = await (t.db as PostgresDatabase).pipeline();
    try {
      pipeline.begin();
      await pipeline.executor.execute!('INSERT INTO piped VALUES (10, $1)', ['rolled back']);
      await pipeline.rollback();
      pipeline.begin();
      await pipeline.executor.copyIn!('COPY piped (n, note) FROM STDIN', Buffer.from('not a number\tx\n'));
      await expect(pipeline.commit()).rejects.toThrow(/invalid input syntax/);
      expect((await t.db.query('SELECT count(*)::int AS n FROM piped WHERE n >= 10')).rows).toEqual([{ n: 0 }]);
    } finally {
      await pipeline.close();
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
