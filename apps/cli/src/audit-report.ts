import { writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { migrateEventStore, PostgresEventStore } from '@app/event-store';
import {
  AUDIT_REPORT_FORMATS,
  buildAuditReport,
  checkStoredContent,
  DatabaseDocumentStore,
  DirectoryDocumentStore,
  DomainError,
  migrateDocuments,
  renderAuditReportHtml,
  renderAuditReportPdf,
} from '@app/pipeline';
import type { AuditReportFormat } from '@app/pipeline';
import { ConfigError, loadConfig, openDatabase } from '@app/platform';
import { option } from './progress';

// Usage: npm run audit-report -- <projectId> [--as-of <ISO instant>] [--format pdf|html] --out <file>
// Writes the project's audit report (the same as GET /projects/{id}/audit-report): profile, every event, corrections,
// signatures, documents (each read back against its sha256) and the stream's hash-chain check with its last hash.
// Exit 0: written, chain intact; 2: written, but the chain check found tampering; 1: nothing written. With the
// embedded PGlite, stop the API first.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const valued = new Set(['--as-of', '--format', '--out']);
  const projectId = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
  const asOf = option('as-of');
  const format = (option('format') ?? 'pdf') as AuditReportFormat;
  const out = option('out');
  const problems = [
    ...(projectId && UUID.test(projectId) ? [] : ['Name the project (its UUID): npm run audit-report -- <projectId> --out <file>']),
    ...(out ? [] : ['Name the file to write: --out <file>']),
    ...(asOf === undefined || (INSTANT.test(asOf) && !Number.isNaN(Date.parse(asOf))) ? [] : ['--as-of must be an ISO instant with a time zone, e.g. 2026-03-14T09:30:00Z']),
    ...((AUDIT_REPORT_FORMATS as readonly string[]).includes(format) ? [] : [`--format must be one of: ${AUDIT_REPORT_FORMATS.join(', ')}`]),
  ];
  if (problems.length) throw new ConfigError(problems);
  const config = loadConfig();
  if (config.EVENTSTORE_URL) throw new ConfigError(['audit-report reads the PostgreSQL event store; EVENTSTORE_URL is set']);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await migrateEventStore(db);
    await migrateDocuments(db);
    const store = new PostgresEventStore(db, { notifications: false });
    // The documents' bytes are read back from where the service keeps them (DOCUMENT_STORE or the database).
    const documents = config.DOCUMENT_STORE ? new DirectoryDocumentStore(db, config.DOCUMENT_STORE) : new DatabaseDocumentStore(db);
    const checkDocument = (sha256: string, size: number) => checkStoredContent(documents, sha256, size);
    // No account signs in here: the report names the operating-system user and host that ran it.
    const generatedBy = { name: `${userInfo().username}@${hostname()}`, role: 'command line' };
    const report = await buildAuditReport({ store, db, checkDocument }, { projectId: projectId!, ...(asOf ? { asOf } : {}), generatedBy });
    await writeFile(out!, format === 'html' ? renderAuditReportHtml(report) : await renderAuditReportPdf(report));
    console.log(`Audit report of ${projectId} (${report.events.length} events, revision ${report.revision}) written to ${out}`);
    console.log(report.chain.ok ? `Chain check: OK, last hash ${report.chain.lastHash}` : `Chain check: TAMPERED, ${report.chain.problems.length} problem(s)`);
    return report.chain.ok ? 0 : 2;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DomainError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
