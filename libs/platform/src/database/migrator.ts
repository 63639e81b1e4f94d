import { SqlDatabase } from './sql-database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_310_001;

/**
 * Applies a component's versioned migrations in order, each in its own transaction, once.
 * Several processes starting together serialise on an advisory lock.
 */
export async function migrate(db: SqlDatabase, component: string, migrations: readonly Migration[]): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version))`);
    const done = await tx.query<{ version: number }>('SELECT version FROM schema_migrations WHERE component = $1', [
      component,
    ]);
    const applied = new Set(done.rows.map((r) => Number(r.version)));
    const ran: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [
        component,
        m.version,
        m.name,
      ]);
      ran.push(m.version);
    }
    return ran;
  });
}

// Migrations are plain SQL; statements end with ';' at the end of a line. Dollar-quoted bodies
// ($$ ... $$) are kept whole.
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    current += line + '\n';
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar;
    if (!inDollar && line.trimEnd().endsWith(';')) {
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
