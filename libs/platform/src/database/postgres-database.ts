import { finished } from 'node:stream/promises';
import { CustomTypesConfig, Pool, PoolClient, PoolConfig, types } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { SqlDatabase, SqlExecutor, SqlResult } from './sql-database';

// pg's type parsers are one global table that any library in the process may rewrite (Emmett's dumbo makes int8
// a BigInt and parses JSON its own way): ours are fixed here, so rows look the same whatever else is loaded.
const PARSERS_OF_OURS: Record<number, (value: string) => unknown> = {
  20: (value) => value, // int8 as a decimal string (pg's default), never a BigInt
  114: (value) => JSON.parse(value), // json
  3802: (value) => JSON.parse(value), // jsonb
};
const OWN_TYPE_PARSERS: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && PARSERS_OF_OURS[oid] ? PARSERS_OF_OURS[oid] : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

export class PostgresDatabase implements SqlDatabase {
  readonly engine = 'postgres' as const;
  readonly pool: Pool;

  constructor(config: PoolConfig) {
    this.pool = new Pool({ types: OWN_TYPE_PARSERS, ...config });
    // An idle client losing its server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    // Nor may a checked-out one (a transaction between statements, a held lock): pg emits 'error' on it, which
    // without a listener kills the process. The failure still reaches the caller through its next query.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    const result = await this.pool.query(text, params as unknown[]);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(clientExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function clientExecutor(client: PoolClient): SqlExecutor {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    copyBinary: (select: string) => copyOut(client, `COPY (${select}) TO STDOUT (FORMAT binary)`),
    copyCsv: (select: string) => copyOut(client, `COPY (${select}) TO STDOUT (FORMAT csv, HEADER)`),
    copyIn: async (statement: string, data: Buffer) => {
      // A refusal by the server fails the stream; the connection is ready again for ROLLBACK.
      const copy = client.query(copyFrom(statement));
      copy.end(data);
      await finished(copy);
    },
  };
}

async function* copyOut(client: PoolClient, statement: string): AsyncIterable<Buffer> {
  const copy = client.query(copyTo(statement));
  let complete = false;
  try {
    for await (const chunk of copy.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
    complete = true;
  } finally {
    // Left midway, the COPY still owns the connection: read it to its end, so the next statement (ROLLBACK) runs.
    if (!complete && !copy.destroyed) {
      copy.resume();
      await finished(copy).catch(() => undefined);
    }
  }
}
