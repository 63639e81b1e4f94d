import { EventEmitter } from 'node:events';
import type { SqlDatabase } from './sql-database';

// TypeORM reads the read models through our SqlDatabase, never through a pool of its own: on PGlite the
// process has one session, and a second client issuing BEGIN there would interleave with the API's appends.
// TypeORM's postgres driver only needs a pg-like `Pool` whose clients answer `query(text, params)`.
const TRANSACTION_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET\s+TRANSACTION)\b/i;

export interface PgLikeDriver {
  Pool: new (options?: unknown) => EventEmitter;
  defaults: Record<string, unknown>;
}

/** A pg-compatible driver object for TypeORM's `driver` option that runs every statement on `db`. */
export function typeormDriverFor(db: SqlDatabase): PgLikeDriver {
  class SqlDatabaseClient extends EventEmitter {
    async query(text: string, params?: unknown[]) {
      if (TRANSACTION_CONTROL.test(text)) {
        throw new Error('TypeORM is read-only here: projections write through SqlDatabase.transaction()');
      }
      const result = await db.query(text, params ?? []);
      return { rows: result.rows, rowCount: result.rowCount, command: /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() };
    }
    release(): void {}
  }
  const client = new SqlDatabaseClient();

  class SqlDatabasePool extends EventEmitter {
    constructor(_options?: unknown) {
      super();
    }
    connect(callback?: (error: Error | null, client: SqlDatabaseClient, release: () => void) => void) {
      if (!callback) return Promise.resolve(client);
      callback(null, client, () => undefined);
      return undefined;
    }
    query(text: string, params?: unknown[]) {
      return client.query(text, params);
    }
    // The database belongs to whoever opened it (DatabaseModule); TypeORM must not close it.
    end(callback?: (error: Error | null) => void) {
      callback?.(null);
      return Promise.resolve();
    }
  }
  return { Pool: SqlDatabasePool, defaults: {} };
}
