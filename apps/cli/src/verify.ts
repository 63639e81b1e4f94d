import { loadConfig, openDatabase, ConfigError } from '@app/platform';
import { migrateEventStore, verifyEventStore } from '@app/event-store';

// Usage: npm run verify [-- --json]
// Walks every stream of the PostgreSQL event store, recomputes each event's chained hash and reports
// each event altered, removed or reordered outside the application. Exit code 0: intact; 2: tampered.
// With the embedded PGlite, stop the API first (its data directory belongs to one process).
async function main(): Promise<number> {
  const config = loadConfig();
  if (config.EVENTSTORE_URL) throw new ConfigError(['verify checks the PostgreSQL event store; EVENTSTORE_URL is set']);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await migrateEventStore(db);
    const report = await verifyEventStore(db);
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      console.log(`${report.events} events in ${report.streams} streams checked at ${report.checkedAt}`);
      for (const p of report.problems) {
        console.log(`${p.kind.padEnd(13)} ${p.streamId} revision ${p.revision}${p.eventId ? ` event ${p.eventId}` : ''}: ${p.detail}`);
      }
      console.log(report.ok ? 'OK: the record is intact.' : `TAMPERED: ${report.problems.length} problem(s).`);
    }
    return report.ok ? 0 : 2;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
