// Where a load's CPU goes, read from /proc: the server under test, every PostgreSQL process (backends, WAL writer,
// checkpointer: the whole cluster's work for that load) and the bench process itself (the load generator), plus
// what PostgreSQL counted for the database (transactions, rows, buffer reads). Divided by the requests served, it
// says what one request costs each side, which a throughput ratio alone cannot.
import { readdirSync, readFileSync } from 'node:fs';
import { Pool } from 'pg';

export const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface DatabaseCounters {
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsFetched: number;
  blocksHit: number;
  blocksRead: number;
}

export interface LoadCost {
  /** CPU milliseconds per request of the server under test, PostgreSQL (all its processes) and the load generator. */
  serverMs: number;
  postgresMs: number;
  loadGeneratorMs: number;
  /** Per request, as PostgreSQL's statistics counted them for the database. */
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsFetched: number;
  blocksTouched: number;
}

// utime + stime, and with `children` also cutime + cstime: the CPU of children that have exited and been waited for.
function cpuTicks(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
  } catch {
    return 0; // gone meanwhile
  }
}

/**
 * CPU time of every PostgreSQL process so far, in clock ticks (1/100 s): the live ones' own, plus what the postmaster
 * has collected from backends that exited (a client closing its pool would otherwise take its backends' CPU out of
 * the sum, even below the count before).
 */
export function postgresTicks(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    total += cpuTicks(Number(entry), true);
  }
  return total;
}

async function databaseCounters(pool: Pool): Promise<DatabaseCounters> {
  const { rows } = await pool.query<Record<string, string>>(
    `SELECT xact_commit + xact_rollback AS transactions, tup_inserted, tup_updated, tup_fetched, blks_hit, blks_read
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const r = rows[0];
  return {
    transactions: Number(r.transactions),
    rowsInserted: Number(r.tup_inserted),
    rowsUpdated: Number(r.tup_updated),
    rowsFetched: Number(r.tup_fetched),
    blocksHit: Number(r.blks_hit),
    blocksRead: Number(r.blks_read),
  };
}

// A backend sends its statistics at a transaction's end at most once a second, and an idle one within ten seconds
// (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): after this pause every count of a finished load is in.
const STATS_FLUSHED_MS = 11_000;

/** Waits until PostgreSQL's statistics hold everything done so far (call once after a warm-up, before withCost). */
export function statsSettled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, STATS_FLUSHED_MS));
}

/**
 * Runs `load` and returns its result with what each request cost; the database's counts are read once they are
 * all in (see statsSettled). Processes of other sessions on the same cluster would count too: the figures are for
 * a machine running the bench alone.
 */
export async function withCost<T>(url: string, serverPid: number, load: () => Promise<T>, requests: (result: T) => number): Promise<{ result: T; cost: LoadCost }> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('SELECT pg_stat_clear_snapshot()');
    const before = { server: cpuTicks(serverPid), postgres: postgresTicks(), self: process.cpuUsage(), db: await databaseCounters(pool) };
    const result = await load();
    const after = { server: cpuTicks(serverPid), postgres: postgresTicks(), self: process.cpuUsage(before.self) };
    await statsSettled();
    await pool.query('SELECT pg_stat_clear_snapshot()');
    const db = await databaseCounters(pool);
    const n = Math.max(requests(result), 1);
    const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND / n;
    return {
      result,
      cost: {
        serverMs: ms(after.server - before.server),
        postgresMs: ms(after.postgres - before.postgres),
        loadGeneratorMs: (after.self.user + after.self.system) / 1000 / n,
        transactions: (db.transactions - before.db.transactions) / n,
        rowsInserted: (db.rowsInserted - before.db.rowsInserted) / n,
        rowsUpdated: (db.rowsUpdated - before.db.rowsUpdated) / n,
        rowsFetched: (db.rowsFetched - before.db.rowsFetched) / n,
        blocksTouched: (db.blocksHit + db.blocksRead - before.db.blocksHit - before.db.blocksRead) / n,
      },
    };
  } finally {
    await pool.end();
  }
}

/** "API 1.20 + PostgreSQL 2.40 ms CPU; 3.0 transactions, 4.0 rows written, 12 fetched, 80 buffers" */
export function describeCost(c: LoadCost, server: string): string {
  return (
    `${server} ${c.serverMs.toFixed(2)} + PostgreSQL ${c.postgresMs.toFixed(2)} ms CPU (load generator ${c.loadGeneratorMs.toFixed(2)}); ` +
    `${c.transactions.toFixed(1)} transactions, ${(c.rowsInserted + c.rowsUpdated).toFixed(1)} rows written, ${c.rowsFetched.toFixed(0)} fetched, ${c.blocksTouched.toFixed(0)} buffers`
  );
}
