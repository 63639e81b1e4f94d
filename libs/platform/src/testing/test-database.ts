import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PgliteDatabase, PostgresDatabase, SqlDatabase } from '../database';

export interface TestDatabase {
  db: SqlDatabase;
  /** Connection string of the fresh server database (absent on PGlite). */
  url?: string;
  drop(): Promise<void>;
}

export type TestEngine = 'pglite' | 'postgres';

/** The engines a suite can run on here: PGlite always, the server when DATABASE_URL is set. */
export function availableEngines(): TestEngine[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, empty database: an in-memory PGlite, or a new database on the server named by DATABASE_URL. */
export async function createTestDatabase(engine: TestEngine, poolSize = 20): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await PgliteDatabase.open();
    return { db, drop: () => db.close() };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: no PostgreSQL server to test against');
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(base, name);
  const db = new PostgresDatabase({ connectionString: url, max: poolSize });
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      await withAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
