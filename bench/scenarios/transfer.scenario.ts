// Scenario 9: the whole record out and into an empty store on the bench's data set, through the same library calls
// as `npm run export` and `npm run import` (exportStore, importEvents; the import's read-model rebuild is scenario 4):
// events per second of each phase and the growth of this process's resident memory while it runs, which must stay
// flat however many events there are (goals: export >= 50,000 events/s, import >= 10,000 events/s).
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS_FILE, exportStore, importEvents, MANIFEST_FILE, migrateEventStore } from '@app/event-store';
import type { ExportManifest, TransferProgress } from '@app/event-store';
import { PIPELINE_PROJECTIONS } from '@app/pipeline';
import { PostgresDatabase } from '@app/platform';
import { migrateDatabase } from '../../apps/api/src/migrate-database';
import type { BenchDatabases } from '../lib/databases';
import type { Report } from '../lib/report';

const MiB = 1024 * 1024;

// Seconds of each phase (from the progress callbacks) and the peak resident memory above the start.
async function measured<T>(work: (progress: (p: TransferProgress) => void) => Promise<T>): Promise<{ result: T; seconds: number; phases: Record<string, number>; rssGrowthMiB: number; peakRssMiB: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = process.hrtime.bigint();
  const at = () => Number(process.hrtime.bigint() - started) / 1e9;
  const phases: Record<string, number> = {};
  let phase: string | null = null;
  let since = 0;
  const progress = (p: TransferProgress) => {
    if (p.phase === phase) return;
    if (phase) phases[phase] = at() - since;
    phase = p.phase;
    since = at();
  };
  try {
    const result = await work(progress);
    if (phase) phases[phase] = at() - since;
    return { result, seconds: at(), phases, rssGrowthMiB: (peak - base) / MiB, peakRssMiB: peak / MiB };
  } finally {
    clearInterval(timer);
  }
}

const rate = (events: number, seconds: number) => `${Math.round(events / seconds).toLocaleString('en-US')} events/s (${seconds.toFixed(1)} s)`;

export async function runTransfer(sourceUrl: string, databases: BenchDatabases, report: Report, events: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
  const folder = join(dir, 'export');
  const source = new PostgresDatabase({ connectionString: sourceUrl, max: 2 });
  try {
    // The read-model tables (empty unless scenario 4 rebuilt them), as the API's start-up or `npm run migrate` makes them.
    await migrateDatabase(source);
    const exported = await measured((onProgress) =>
      exportStore(source, folder, { readModelTables: PIPELINE_PROJECTIONS.flatMap((p) => p.tables), onProgress }),
    );
    const writing = exported.phases.events ?? exported.seconds;
    report.add({
      scenario: '9 export',
      metric: `${events.toLocaleString('en-US')} events: events.ndjson, read-model CSVs, manifest with the chain check (whole export)`,
      unit: 'events/s',
      ours: events / exported.seconds,
      oursText: rate(events, exported.seconds),
      goal: '>= 50,000 events/s',
      met: events / exported.seconds >= 50_000,
    });
    report.add({ scenario: '9 export', metric: 'of which writing events.ndjson', unit: 'events/s', ours: events / writing, oursText: rate(events, writing) });
    report.add({
      scenario: '9 export',
      metric: 'of which the chain check (every hash recomputed)',
      unit: 's',
      ours: exported.phases['chain check'] ?? null,
      oursText: `${(exported.phases['chain check'] ?? 0).toFixed(1)} s (read models ${(exported.phases['read models'] ?? 0).toFixed(1)} s)`,
    });
    report.add({ scenario: '9 export', metric: 'resident memory growth during the export', unit: 'MiB', ours: exported.rssGrowthMiB, goal: 'flat (< 100 MiB)', met: exported.rssGrowthMiB < 100 });

    const manifest = JSON.parse(await readFile(join(folder, MANIFEST_FILE), 'utf8')) as ExportManifest;
    const target = new PostgresDatabase({ connectionString: await databases.create('import'), max: 2 });
    try {
      await migrateEventStore(target);
      const imported = await measured((onProgress) => importEvents(target, join(folder, EVENTS_FILE), { manifest, onProgress }));
      report.add({
        scenario: '9 import',
        metric: 'into an empty store, one transaction, every hash recomputed and checked (events only)',
        unit: 'events/s',
        ours: events / imported.seconds,
        oursText: rate(events, imported.seconds),
        goal: '>= 10,000 events/s',
        met: events / imported.seconds >= 10_000,
      });
      report.add({ scenario: '9 import', metric: 'resident memory growth during the import', unit: 'MiB', ours: imported.rssGrowthMiB, goal: 'flat (< 100 MiB)', met: imported.rssGrowthMiB < 100 });
      report.details.transfer = { events, export: exported.phases, exportSeconds: exported.seconds, exportRss: [exported.rssGrowthMiB, exported.peakRssMiB], importSeconds: imported.seconds, importRss: [imported.rssGrowthMiB, imported.peakRssMiB] };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
