import { finished } from 'node:stream/promises';
import { Client, ClientBase, CustomTypesConfig, Pool, PoolClient, PoolConfig, types } from 'pg';
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

  constructor(private readonly config: PoolConfig) {
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

  /**
   * Transactions one after another, pipelined (see PipelinedTransactions), on a connection of their own outside the
   * pool (a long bulk write does not hold one of the pool's). Close it when done.
   */
  async pipeline(): Promise<PipelinedTransactions> {
    const client = new Client({ types: OWN_TYPE_PARSERS, ...this.config });
    // Its failure reaches the statements queued on it; without a listener it would kill the process.
    client.on('error', () => undefined);
    await client.connect();
    return new PipelinedTransactions(client);
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
    copyIn: (statement: string, data: Buffer) => copyInto(client, statement, data),
  };
}

async function copyInto(client: ClientBase, statement: string, data: Buffer): Promise<void> {
  // A refusal by the server fails the stream; the connection is ready again for ROLLBACK.
  const copy = client.query(copyFrom(statement));
  copy.end(data);
  await finished(copy);
}

/**
 * Transactions one after another on one connection, for bulk writing (a rebuild's pages). Writes (`execute`,
 * `copyIn`) are queued in order and return at once, so the caller prepares its next writes while the server runs
 * these; reads (`query`) wait for their rows behind everything queued before them, and see it. `commit()` queues
 * COMMIT and settles once the server has run the transaction: it rejects if any statement of it failed (PostgreSQL
 * then rolled the whole transaction back). The next `begin()` may be queued before that.
 */
export class PipelinedTransactions {
  readonly executor: SqlExecutor;
  private statements: Promise<unknown>[] = [];
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: Client) {
    this.executor = {
      query: async <R>(text: string, params?: readonly unknown[]) => {
        const result = await this.queued(() => client.query(text, params as unknown[]));
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
      execute: (text, params) => {
        this.queued(() => client.query(text, params as unknown[]));
        return Promise.resolve();
      },
      copyIn: (statement, data) => {
        this.queued(() => copyInto(client, statement, data));
        return Promise.resolve();
      },
    };
  }

  begin(): void {
    this.queued(() => this.client.query('BEGIN'));
  }

  commit(): Promise<void> {
    return this.end('COMMIT');
  }

  /** Ends the transaction without its writes (settles as `commit` does, rejecting with the first failure if any). */
  rollback(): Promise<void> {
    return this.end('ROLLBACK').catch(() => undefined);
  }

  /** Closes the connection (a transaction still open is rolled back by the server). */
  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  private async end(statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const end = this.queued(() => this.client.query(statement));
    const statements = this.statements;
    this.statements = [];
    // Every statement settles (the server answers each, or the connection fails them all) before the first failure is named.
    const settled = await Promise.allSettled(statements);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    // A transaction that failed on the server commits as ROLLBACK.
    if (statement === 'COMMIT' && (await end).command !== 'COMMIT') throw new Error('the transaction was rolled back');
  }

  // Sent once the statement before it has its answer (as pg's own queue would, which pg 9 drops), failed or not: the
  // server answers each statement of a failed transaction with an error, and its COMMIT with ROLLBACK.
  private queued<T>(send: () => Promise<T>): Promise<T> {
    const statement = this.last.then(send);
    this.last = statement.catch(() => undefined);
    // Its failure is reported by end(); until then it must not count as unhandled.
    statement.catch(() => undefined);
    this.statements.push(statement);
    return statement;
  }
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
