import 'reflect-metadata';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Logger } from 'nestjs-pino';
import {
  EVENTS_FILE,
  ExportManifest,
  ImportRefusedError,
  importEvents,
  importIntoEventStoreDbAt,
  MANIFEST_FILE,
  RebuildProjectionCommand,
} from '@app/event-store';
import type { TransferProgress } from '@app/event-store';
import { ConfigError, loadConfig, openDatabase } from '@app/platform';
import { ProjectorModule } from '../../projector/src/projector.module';
import { migrateDatabase } from '../../api/src/migrate-database';
import { option, progressLine } from './progress';
import { importPortfolioFile } from './import-portfolio';

// Usage: npm run import -- --from <export folder | events.ndjson>
// Loads an export into an EMPTY event store, the one the service would use: EventStoreDB when EVENTSTORE_URL is set,
// else the embedded PGlite in DATA_DIR or DATABASE_URL; then rebuilds every read model from it. Into PostgreSQL: the
// same event ids, revisions, global positions, instants and hashes, in one transaction: a malformed line, a broken
// chain or a non-empty store stops it with the reason (and line), and nothing is written; a killed import leaves
// nothing either, so it is simply run again. Into EventStoreDB (libs/event-store/src/eventstoredb/eventstoredb-import.ts
// says what it keeps): the whole file is checked before anything is written, and a killed import resumes where it
// stopped when run again. With the embedded PGlite, stop the API first.
// Accounts' passwords are not part of the record: see README ("Export and import").
async function main(): Promise<number> {
  const portfolio = option('portfolio');
  if (portfolio) return importPortfolioFile(portfolio, process.argv.includes('--dry-run'));
  const from = option('from');
  if (!from) {
    throw new ConfigError([
      'Name the export: npm run import -- --from <folder | events.ndjson>',
      'or a portfolio: npm run import -- --portfolio <file.csv | file.xlsx> [--dry-run]',
    ]);
  }
  const config = loadConfig();
  const folder = statSync(from).isDirectory();
  const manifestPath = folder ? join(from, MANIFEST_FILE) : undefined;
  const manifest = manifestPath && existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as ExportManifest) : undefined;
  const file = folder ? join(from, manifest?.events.file ?? EVENTS_FILE) : from;

  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  const progress = progressLine('imported');
  let result;
  try {
    await migrateDatabase(db);
    const onProgress = (p: TransferProgress) => progress.update(p);
    if (config.EVENTSTORE_URL) {
      const esdb = await importIntoEventStoreDbAt(config.EVENTSTORE_URL, file, { manifest, onProgress });
      if (esdb.resumedAfter > 0) console.log(`Resumed an interrupted import after line ${esdb.resumedAfter}.`);
      result = { events: esdb.events, streams: esdb.streams, lastGlobalPosition: manifest?.events.lastGlobalPosition ?? null };
    } else {
      result = await importEvents(db, file, { manifest, onProgress });
    }
    progress.done();
  } catch (error) {
    progress.done();
    if (error instanceof ImportRefusedError) {
      console.error(`Import refused: ${error.message}. Nothing was written.`);
      return 3;
    }
    throw error;
  } finally {
    await db.close();
  }
  const into = config.EVENTSTORE_URL ? 'into EventStoreDB' : `(last global position ${result.lastGlobalPosition})`;
  console.log(`${result.events} events of ${result.streams} streams imported ${into}.`);
  if (result.events === 0) return 0;

  // The read models, from the imported events (one pass for all of them), before anyone reads them.
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config, { run: false }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    const done = await app.get(CommandBus).execute(new RebuildProjectionCommand('all', true));
    for (const [projection, p] of Object.entries(done)) console.log(`${projection}: ${p.state}, ${p.processed} events`);
  } finally {
    await app.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
