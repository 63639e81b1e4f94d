import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { connectEventStoreDb, migrateEventStore, PostgresEventStore } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { formatPortfolioReport, importPortfolio, PortfolioFileError } from '@app/pipeline';
import { loadConfig, openDatabase } from '@app/platform';

// Usage: npm run import -- --portfolio <file.csv | file.xlsx> [--dry-run]
// Brings an office's existing portfolio (docs/portfolio-import.md) into the record: each row becomes events dated
// when it happened, recorded now, marked as imported from the file and row; past gate decisions as taken on paper.
// A dry run, or a file with any problem, writes nothing and lists every problem with its line (exit 3 when there
// are problems). Running it again creates nothing new. Writes to DATABASE_URL, the embedded PGlite in DATA_DIR
// (stop the API first), or EventStoreDB when EVENTSTORE_URL is set. The read models catch up when the API or the
// projector next runs, as after any write.
export const PORTFOLIO_IMPORT_ACTOR = { id: 'portfolio-import', name: 'Portfolio import (command line)', role: 'admin' as const };

export async function importPortfolioFile(path: string, dryRun: boolean): Promise<number> {
  const config = loadConfig();
  const content = await readFile(path);
  const file = basename(path);
  let store: EventStore;
  let close: () => Promise<void>;
  if (config.EVENTSTORE_URL) {
    const esdb = await connectEventStoreDb(config.EVENTSTORE_URL);
    store = esdb;
    close = async () => esdb.close?.();
  } else {
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
    await migrateEventStore(db);
    store = new PostgresEventStore(db, { notifications: false });
    close = () => db.close();
  }
  try {
    const report = await importPortfolio(store, content, {
      file,
      actor: PORTFOLIO_IMPORT_ACTOR,
      now: new Date().toISOString(),
      dryRun,
      onProject: (done, total) => {
        if (!dryRun) process.stderr.write(`portfolio: ${done}/${total} projects\n`);
      },
    });
    console.log(formatPortfolioReport(report));
    return report.problems.length > 0 ? 3 : 0;
  } catch (error) {
    if (error instanceof PortfolioFileError) {
      console.error(`${file}${error.line ? ` line ${error.line}` : ''}: ${error.message} Nothing was written.`);
      return 3;
    }
    throw error;
  } finally {
    await close();
  }
}
