import { availableEngines, createTestDatabase } from '../testing';

// copyBinary: COPY (select) TO STDOUT (FORMAT binary), streamed from the server, whole from PGlite.
const SELECT = `SELECT g::bigint, 'row ' || g AS t, CASE WHEN g % 2 = 0 THEN NULL ELSE jsonb_build_object('g', g, 'x', 1.50) END AS j,
  timestamptz '2025-01-10 00:00:00.000001+00' + g * interval '1 second' AS at FROM generate_series(1, 1000) AS g`;

async function bytesOf(engine: 'pglite' | 'postgres'): Promise<Buffer> {
  const t = await createTestDatabase(engine, 1);
  try {
    return await t.db.transaction(async (tx) => {
      const chunks: Buffer[] = [];
      for await (const chunk of tx.copyBinary!(SELECT)) chunks.push(chunk);
      return Buffer.concat(chunks);
    });
  } finally {
    await t.drop();
  }
}

describe('copyBinary', () => {
  it.each(availableEngines())(
    'gives PostgreSQL binary COPY format on %s, the same bytes on every engine',
    async (engine) => {
      const bytes = await bytesOf(engine);
      expect(bytes.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
      expect(bytes.readInt16BE(bytes.length - 2)).toBe(-1);
      expect(bytes.equals(await bytesOf('pglite'))).toBe(true);
    },
    60_000,
  );

  (availableEngines().includes('postgres') ? it : it.skip)(
    'a COPY left midway (the reader failed) ends its transaction with that failure and leaves the connection usable',
    async () => {
      const t = await createTestDatabase('postgres', 1);
      try {
        const copying = t.db.transaction(async (tx) => {
          for await (const chunk of tx.copyBinary!(`SELECT g, repeat('x', 200) FROM generate_series(1, 500000) AS g`)) {
            throw new Error(`the reader failed after ${chunk.length > 0 ? 'a chunk' : 'nothing'}`);
          }
        });
        await expect(copying).rejects.toThrow('the reader failed after a chunk');
        // The pool's one connection answers again (a COPY still running on it would make this wait forever).
        expect((await t.db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await t.drop();
      }
    },
    60_000,
  );
});
