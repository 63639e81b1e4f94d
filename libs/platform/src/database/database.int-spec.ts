import { types } from 'pg';
import { migrate, splitStatements } from '@app/platform';
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
      const { rows } = await t.db.query<{ n: unknown; j: unknown; d: unknown }>(`SELECT 9007199254740993::int8 AS n, '{"a":[1]}'::jsonb AS j, 2.5::float8 AS d`);
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
