import { availableEngines, createTestDatabase, TestDatabase } from '@app/platform/testing';
import type { SqlExecutor } from '@app/platform';
import { appendRows, KeptRows, Row, RowIo, writeRows } from './row-batch';

// Values that COPY's text format and array literals must escape, and the JSON shapes the read models write.
const TRICKY: Row[] = [
  {
    id: 1,
    title: 'tab\there, newline\nthere, return\r, backslash \\ and \\N',
    tags: ['a "quoted" one', 'back\\slash', 'comma, brace {x}', 'NULL', '', 'tab\tin'],
    ids: ['6f1c1a40-8a3c-4f0e-9a53-2a6d2f6f1a01'],
    doc: { nested: { text: 'line\nbreak \\ "q"', list: [1, null, 'x'] }, empty: {} },
    docs: [{ authority: 'FDA', status: 'filed' }],
    flag: true,
    at: '2024-02-29T23:59:59.123Z',
    day: '2024-02-29',
    amount: 12.5,
    big: 9_007_199_254_740_991,
    note: null,
  },
  { id: 2, title: '', tags: [], ids: [], doc: 'a JSON string', docs: [], flag: false, at: '1999-12-31T00:00:00.000Z', day: '1999-12-31', amount: 0, big: 0, note: 'ünïcødé ✓ 中文' },
  { id: 3, title: null, tags: null, ids: null, doc: null, docs: null, flag: null, at: null, day: null, amount: null, big: null, note: undefined },
];

const TABLE = `(id integer PRIMARY KEY, title text, tags text[], ids uuid[], doc jsonb, docs jsonb, flag boolean, at timestamptz,
  day date, amount numeric, big bigint, note text)`;

describe.each(availableEngines())('appendRows on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('stores the same rows as writeRows (the server by COPY, PGlite as before)', async () => {
    await t.db.query(`CREATE TABLE appended ${TABLE}`);
    await t.db.query(`CREATE TABLE upserted ${TABLE}`);
    await t.db.transaction(async (tx) => {
      if (engine === 'postgres') expect(tx.copyIn).toBeDefined();
      await appendRows(tx, 'appended', ['id'], TRICKY);
      await writeRows(tx, 'upserted', ['id'], TRICKY);
    });
    const read = (table: string) => t.db.query(`SELECT to_jsonb(x) AS row FROM ${table} x ORDER BY id`).then((r) => r.rows);
    const appended = await read('appended');
    expect(appended).toHaveLength(TRICKY.length);
    expect(appended).toEqual(await read('upserted'));
  });
});

describe('KeptRows from empty tables (a rebuild)', () => {
  // A table in memory: which rows were appended and which upserted.
  function fakeIo(): RowIo<string> & { table: Map<string, string>; appended: string[]; upserted: string[] } {
    const table = new Map<string, string>();
    const io = {
      table,
      appended: [] as string[],
      upserted: [] as string[],
      read: async (_tx: SqlExecutor, ids: readonly string[]) => new Map(ids.filter((id) => table.has(id)).map((id) => [id, table.get(id) as string])),
      write: async (_tx: SqlExecutor, rows: ReadonlyMap<string, string>, append: boolean) => {
        for (const [id, row] of rows) {
          if (append && table.has(id)) throw new Error(`appended ${id} twice`);
          (append ? io.appended : io.upserted).push(id);
          table.set(id, row);
        }
      },
    };
    return io;
  }
  const tx = {} as SqlExecutor;

  it('appends only keys the table has no row for, across flushes and past its limit', async () => {
    const io = fakeIo();
    const kept = new KeptRows(io, true, 3);
    kept.set('a', 'a1');
    kept.set('b', 'b1');
    await kept.endBatch(tx, true); // under the limit: nothing written
    expect(io.table.size).toBe(0);
    await kept.flush(tx); // a switch attempt's flush
    expect(io.appended).toEqual(['a', 'b']);
    kept.set('a', 'a2');
    kept.set('c', 'c1');
    await kept.endBatch(tx, true); // at the limit: written and forgotten
    expect(io.upserted).toEqual(['a']);
    expect(io.appended).toEqual(['a', 'b', 'c']);
    // Forgotten rows are read back; a key seen nowhere is new.
    const loaded = await kept.load(tx, ['b', 'd']);
    expect([...loaded]).toEqual([['b', 'b1']]);
    kept.set('b', 'b2');
    kept.set('d', 'd1');
    await kept.flush(tx);
    expect(io.upserted).toEqual(['a', 'b']);
    expect(io.appended).toEqual(['a', 'b', 'c', 'd']);
    expect(Object.fromEntries(io.table)).toEqual({ a: 'a2', b: 'b2', c: 'c1', d: 'd1' });
  });

  it('live (not from empty tables) every write is an upsert', async () => {
    const io = fakeIo();
    io.table.set('a', 'a0');
    const kept = new KeptRows(io, false, Infinity);
    expect([...(await kept.load(tx, ['a', 'b']))]).toEqual([['a', 'a0']]);
    kept.set('a', 'a1');
    kept.set('b', 'b1');
    await kept.endBatch(tx, false);
    expect(io.upserted).toEqual(['a', 'b']);
    expect(io.appended).toEqual([]);
  });
});
