import { ConfigError, loadConfig, openDatabase } from '@app/platform';
import { exportStore } from '@app/event-store';
import { PIPELINE_PROJECTIONS } from '@app/pipeline';
import { migrateDatabase } from '../../api/src/migrate-database';
import { option, progressLine } from './progress';

// Usage: npm run export -- --to <folder>
// Writes the whole record into a new folder: events.ndjson (every event, hash and previous hash), one CSV per
// read-model table and manifest.json (counts, each stream's last hash, the chain check), from one snapshot, in
// constant memory. Verify it offline with `node scripts/verify-export.mjs <folder>`; load it with `npm run import`.
// On the server it may run while the API works; with the embedded PGlite, stop the API first.
async function main(): Promise<void> {
  const dir = option('to');
  if (!dir) throw new ConfigError(['Name the folder to write: npm run export -- --to <folder>']);
  const config = loadConfig();
  if (config.EVENTSTORE_URL) throw new ConfigError(['export reads the PostgreSQL event store; EVENTSTORE_URL is set']);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  const progress = progressLine('exported');
  try {
    await migrateDatabase(db);
    const manifest = await exportStore(db, dir, { readModelTables: PIPELINE_PROJECTIONS.flatMap((p) => p.tables), onProgress: (p) => progress.update(p) });
    progress.done();
    console.log(`${manifest.events.count} events of ${manifest.streams.count} streams written to ${dir}`);
    for (const table of manifest.readModels) console.log(`${table.file}: ${table.rows} rows`);
    console.log(manifest.chainCheck.ok ? 'Chain check: OK, the record is intact.' : `Chain check: TAMPERED, ${manifest.chainCheck.problems.length} problem(s) (see manifest.json).`);
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
