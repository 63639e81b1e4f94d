import { loadConfig, openDatabase, ConfigError } from '@app/platform';
import { migrateEventStore, verifyEventStore } from '@app/event-store';
import { asIntegrityProblem, DatabaseDocumentStore, DirectoryDocumentStore, migrateDocuments, verifyDocuments } from '@app/pipeline';

// Usage: npm run verify [-- --json]
// Walks every stream of the PostgreSQL event store, recomputes each event's chained hash and reports
// each event altered, removed or reordered outside the application, and reads back every evidence document to check
// it against the sha256 its event recorded. Exit code 0: intact; 2: tampered.
// With the embedded PGlite, stop the API first (its data directory belongs to one process).
async function main(): Promise<number> {
  const config = loadConfig();
  if (config.EVENTSTORE_URL) throw new ConfigError(['verify checks the PostgreSQL event store; EVENTSTORE_URL is set']);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await migrateEventStore(db);
    const chain = await verifyEventStore(db);
    // Every evidence document against the sha256 and size its event recorded (database chunks or DOCUMENT_STORE).
    await migrateDocuments(db);
    const store = config.DOCUMENT_STORE ? new DirectoryDocumentStore(db, config.DOCUMENT_STORE) : new DatabaseDocumentStore(db);
    const documents = await verifyDocuments(db, store);
    const problems = [...chain.problems, ...documents.problems.map(asIntegrityProblem)];
    const report = { ...chain, ok: problems.length === 0, documents: documents.documents, problems };
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      console.log(`${report.events} events in ${report.streams} streams and ${report.documents} documents checked at ${report.checkedAt}`);
      for (const p of report.problems) {
        const document = p.documentId ? ` document ${p.documentId} (sha256 ${p.sha256})` : '';
        console.log(`${p.kind.padEnd(16)} ${p.streamId} revision ${p.revision}${p.eventId ? ` event ${p.eventId}` : ''}${document}: ${p.detail}`);
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
