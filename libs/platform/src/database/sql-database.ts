// The one way our own SQL (event store, migrations, projections) reaches PostgreSQL,
// whether the server (through `pg`) or the embedded PGlite. Same SQL both ways.
export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /**
   * The rows of `select` in PostgreSQL's binary COPY format (`COPY (select) TO STDOUT (FORMAT binary)`). The server
   * streams them with backpressure; PGlite hands them over in one piece, so page a large query there.
   */
  copyBinary?(select: string): AsyncIterable<Buffer>;
  /** `COPY (select) TO STDOUT (FORMAT csv, HEADER)`, streamed with backpressure: the server only. */
  copyCsv?(select: string): AsyncIterable<Buffer>;
  /**
   * Runs `COPY … FROM STDIN` (`statement`) with `data` as its input: the server only. In pipelined transactions
   * (PostgresDatabase.pipeline) it is queued and returns at once, as `execute` does.
   */
  copyIn?(statement: string, data: Buffer): Promise<void>;
  /**
   * A statement whose result is not read. In pipelined transactions (PostgresDatabase.pipeline) it is queued behind the
   * statements before it and this returns at once: a failure fails the transaction's commit. Absent elsewhere: use
   * `execute(tx, …)`, which falls back to `query`.
   */
  execute?(text: string, params?: readonly unknown[]): Promise<void>;
}

/** Runs a statement whose result is not read: queued where the executor pipelines (see SqlExecutor.execute). */
export async function execute(tx: SqlExecutor, text: string, params?: readonly unknown[]): Promise<void> {
  if (tx.execute) await tx.execute(text, params);
  else await tx.query(text, params);
}

export type SqlEngine = 'postgres' | 'pglite';

export interface SqlDatabase extends SqlExecutor {
  readonly engine: SqlEngine;
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
