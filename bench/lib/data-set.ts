import { Pool } from 'pg';
import { migrateEventStore } from '@app/event-store';
import { PostgresDatabase } from '@app/platform';
import { generatePipeline, GeneratorSpec, PipelineSummary } from '../generate';
import type { BenchDatabases } from './databases';
import { loadEvents } from './load';

export interface DataSet {
  url: string;
  summary: PipelineSummary;
  loadSeconds: number;
}

/** A fresh database with the event store's schema and the generated pipeline in it. */
export async function prepareDataSet(databases: BenchDatabases, spec: GeneratorSpec, log: (m: string) => void, name = 'data'): Promise<DataSet> {
  const url = await databases.create(name);
  const db = new PostgresDatabase({ connectionString: url, max: 1 });
  await migrateEventStore(db);
  await db.close();
  const started = Date.now();
  const { events, summary } = generatePipeline(spec);
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    let lastLog = Date.now();
    await loadEvents(pool, events, (written) => {
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`data set: ${written.toLocaleString('en-US')} of ${spec.events.toLocaleString('en-US')} events written`);
      }
    });
  } finally {
    await pool.end();
  }
  return { url, summary, loadSeconds: (Date.now() - started) / 1000 };
}
