import { DatabaseSchema, PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';
import { SqlDatabase } from './sql-database';

export interface DatabaseSettings {
  /** A PostgreSQL server; when absent, the embedded PGlite is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; in memory when absent. */
  dataDir?: string;
  poolSize?: number;
  /** The schema the embedded database is migrated to when new (see PgliteDatabase.open); the server's is migrated by its users. */
  schema?: DatabaseSchema;
}

export function openDatabase(settings: DatabaseSettings): Promise<SqlDatabase> {
  if (settings.databaseUrl) {
    return Promise.resolve(
      new PostgresDatabase({ connectionString: settings.databaseUrl, max: settings.poolSize ?? 10 }),
    );
  }
  return PgliteDatabase.open(settings.dataDir, settings.schema);
}
