import { PGlite, Transaction } from '@electric-sql/pglite';
import { SqlDatabase, SqlExecutor, SqlResult } from './sql-database';

// PGlite is one session: its own transaction() holds a lock that every other query waits on,
// so transactions never interleave. Do not issue BEGIN/COMMIT by hand against it.
export class PgliteDatabase implements SqlDatabase {
  readonly engine = 'pglite' as const;

  constructor(readonly db: PGlite) {}

  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const db = await PGlite.create(dataDir ? { dataDir } : {});
    return new PgliteDatabase(db);
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    return toResult<R>(await this.db.query<R>(text, params as unknown[]));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(transactionExecutor(tx)));
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

function transactionExecutor(tx: Transaction): SqlExecutor {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      return toResult<R>(await tx.query<R>(text, params as unknown[]));
    },
  };
}

function toResult<R>(result: { rows: R[]; affectedRows?: number }): SqlResult<R> {
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}
