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

describe('splitStatements', () => {
  it('keeps dollar-quoted bodies whole', () => {
    const sql = 'CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 1;';
    expect(splitStatements(sql)).toHaveLength(2);
  });
});
