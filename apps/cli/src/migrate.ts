import { loadConfig, openDatabase } from '@app/platform';
import { migrateDatabase } from '../../api/src/migrate-database';

// Usage: npm run migrate  (node dist/apps/cli/src/migrate.js)
// Applies the event store's, the projections', the read models' and the identity schema migrations to the
// database of DATABASE_URL (or the embedded PGlite in DATA_DIR, API stopped) and exits: 0 when the schema is
// current (a second run applies nothing), 1 with the reason when it is not. The Kubernetes migration Job runs it.
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
  try {
    const applied = await migrateDatabase(db);
    for (const [component, versions] of Object.entries(applied)) {
      console.log(`${component}: ${versions.length ? `applied ${versions.join(', ')}` : 'up to date'}`);
    }
    console.log(`Schema current on ${config.embedded ? `embedded PGlite in ${config.DATA_DIR}` : 'the PostgreSQL server'}.`);
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`Migration failed: ${reason(error)}`);
    process.exit(1);
  },
);

// A refused connection to a host with several addresses is an AggregateError whose own message is empty.
function reason(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(reason).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}
