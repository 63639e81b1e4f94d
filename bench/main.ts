// `npm run bench` (full) and `npm run bench -- --quick` (smoke run, about a minute): every scenario on the
// PostgreSQL server of DATABASE_URL, in fresh databases dropped at the end; one table, one JSON file.
import 'reflect-metadata';
import { join } from 'node:path';
import { BenchDatabases } from './lib/databases';
import { describeMachine, finishMachine } from './lib/machine';
import { describeMachineLine, Report } from './lib/report';
import { DataSet, prepareDataSet } from './lib/data-set';
import { runAppends } from './scenarios/appends.scenario';
import { runEmbeddedStartup } from './scenarios/embedded-startup.scenario';
import { DashboardQueryResult, runDashboardQueries } from './scenarios/dashboard-queries.scenario';
import { runHttpCommand, startApi } from './scenarios/http-command.scenario';
import { runLongStream } from './scenarios/long-stream.scenario';
import { buildDashboardReadModels, RebuildResult, runPgliteRebuild, runServerRebuild } from './scenarios/projection-rebuild.scenario';
import { runTimeToBoard, runWebBundle } from './scenarios/web-app.scenario';
import { runNotificationDelivery, runUpcomingView, runUpcomingViewSynthetic } from './scenarios/deadlines-notifications.scenario';
import { runTransfer } from './scenarios/transfer.scenario';
import { runDocuments, DocumentsOptions } from './scenarios/documents.scenario';
import { runReadSideGrowth } from './scenarios/read-side-growth.scenario';

interface Mode {
  name: 'full' | 'quick';
  appends: { durationMs: number; warmupMs: number; rounds: number };
  data: { projects: number; events: number; strict: boolean };
  longStreamRepeats: number;
  pgliteData: { projects: number; events: number };
  /** Scenarios 4 and 5 again on a data set this size, beside the full one (how the read side grows). */
  growthData: { projects: number; events: number };
  dashboard: { repeats: number; asOfRepeats: number };
  http: { durationSeconds: number; warmupSeconds: number; connections: number[] };
  embeddedRepeats: number;
  webRepeats: number;
  deadlines: { repeats: number };
  notifications: { messages: number };
  deadlinesSynthetic: { projects: number; repeats: number };
  documents: DocumentsOptions;
}

// The data set's seed and "today": the same events, ids and instants on every run and machine.
const SEED = 20_240_611;
const DATA_NOW = new Date('2026-06-01T00:00:00.000Z');
const LONG_STREAM_EVENTS = 2_000;
// The as-of board's past instant: early 2023, when a good part of today's projects existed.
const AS_OF = '2023-01-01T00:00:00.000Z';

const FULL: Mode = {
  name: 'full',
  appends: { durationMs: 5_000, warmupMs: 1_000, rounds: 1 },
  data: { projects: 10_000, events: 1_000_000, strict: false },
  // 100, as the dashboard queries: over 30 samples the p99 was the slowest single command.
  longStreamRepeats: 100,
  pgliteData: { projects: 1_000, events: 100_000 },
  growthData: { projects: 1_000, events: 100_000 },
  dashboard: { repeats: 100, asOfRepeats: 10 },
  http: { durationSeconds: 10, warmupSeconds: 2, connections: [8, 32] },
  embeddedRepeats: 3,
  webRepeats: 20,
  deadlines: { repeats: 100 },
  notifications: { messages: 300 },
  deadlinesSynthetic: { projects: 10_000, repeats: 100 },
  documents: { bytes: 20_000_000, repeats: 5, concurrent: 8 },
};
// About a minute: every scenario once, on a small data set checked event by event against the decider.
const QUICK: Mode = {
  name: 'quick',
  appends: { durationMs: 800, warmupMs: 200, rounds: 1 },
  data: { projects: 200, events: 20_000, strict: true },
  longStreamRepeats: 5,
  pgliteData: { projects: 100, events: 10_000 },
  growthData: { projects: 20, events: 2_000 },
  dashboard: { repeats: 20, asOfRepeats: 3 },
  http: { durationSeconds: 2, warmupSeconds: 1, connections: [8, 32] },
  embeddedRepeats: 1,
  webRepeats: 5,
  deadlines: { repeats: 20 },
  notifications: { messages: 50 },
  deadlinesSynthetic: { projects: 200, repeats: 20 },
  documents: { bytes: 4_000_000, repeats: 2, concurrent: 8 },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode = args.includes('--quick') ? QUICK : FULL;
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const wanted = (n: number) => !only || only.includes(String(n));
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL must name a PostgreSQL server whose user may CREATE DATABASE, e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench');
    process.exit(2);
  }

  const databases = new BenchDatabases(url);
  const report = new Report();
  const machine = await describeMachine(databases);
  const started = Date.now();
  const step = async (scenario: string, work: () => Promise<void>): Promise<boolean> => {
    const t0 = Date.now();
    log(`${scenario}: running`);
    try {
      await work();
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${scenario}: FAILED: ${message}`);
      report.notMeasured(scenario, 'all', `failed: ${message.split('\n')[0]}`);
      return false;
    } finally {
      log(`${scenario}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
  const stop = () => void databases.dropAll().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    if (wanted(1)) await step('1 appends', () => runAppends(databases, report, mode.appends));
    if (wanted(7)) await step('7 web app: bundle', async () => runWebBundle(report));
    if ([2, 3, 4, 5, 7, 9].some(wanted)) {
      const spec = { seed: SEED, now: DATA_NOW, longStreamEvents: LONG_STREAM_EVENTS, ...mode.data };
      let prepared: DataSet | null = null;
      await step('0 data set', async () => {
        const data = (prepared = await prepareDataSet(databases, spec, log));
        const { summary } = data;
        log(`data set: ${summary.events.toLocaleString('en-US')} events, ${summary.projects.toLocaleString('en-US')} projects in ${data.loadSeconds.toFixed(1)} s`);
        report.add({
          scenario: '0 data set',
          metric: `generate + load ${summary.projects.toLocaleString('en-US')} projects, ${summary.events.toLocaleString('en-US')} events`,
          unit: 'events/s',
          ours: summary.events / data.loadSeconds,
          oursText: `${data.loadSeconds.toFixed(1)} s (${Math.round(summary.events / data.loadSeconds).toLocaleString('en-US')} events/s)`,
        });
        report.details.dataSet = { ...summary, writableProjectIds: summary.writableProjectIds.length, loadSeconds: data.loadSeconds };
      });
      const data = prepared as DataSet | null;
      if (data) {
        const { summary } = data;
        if (wanted(3)) await step('3 long stream', () => runLongStream(data.url, summary.longStreamProjectId, report, mode.longStreamRepeats));
        // The dashboard reads the read models: scenario 4 builds them.
        // Scenario 7 alone builds only the dashboard's read models (it times the board), not all of scenario 4.
        const rebuilt =
          wanted(4) || wanted(5)
            ? await step('4 rebuild (server)', () => runServerRebuild(data.url, report))
            : wanted(7) && (await step('7 web app: the dashboard read models', () => buildDashboardReadModels(data.url, report)));
        if (wanted(2) || wanted(5) || wanted(7)) {
          await step('2 + 5 + 6 against the API', async () => {
            const { api, headers } = await startApi(data.url, report);
            try {
              // Without rebuilt read models the queries would answer from empty tables: no number at all is better.
              if (wanted(5) && !rebuilt) report.notMeasured('5 dashboard', 'all', 'the read models were not built (scenario 4 failed)');
              if (wanted(5) && rebuilt) await step('5 dashboard', () => runDashboardQueries(api.baseUrl, headers, report, { ...mode.dashboard, asOf: AS_OF }));
              // The upcoming view on the data set's deadlines goes with the dashboard's queries (scenario 8 measures it on
              // a 10,000-project read model of its own, without the hour the full data set takes to load and rebuild).
              if (wanted(5) && rebuilt) await step('8 deadlines (data set)', () => runUpcomingView(api.baseUrl, headers, data.url, report, { ...mode.deadlines, today: DATA_NOW.toISOString().slice(0, 10) }));
              // The board in Chromium on the same data set, before the HTTP scenario adds milestones.
              if (wanted(7) && rebuilt) await step('7 web app: time to board', () => runTimeToBoard(api.baseUrl, headers, report, mode.webRepeats));
              if (wanted(2)) await step('2 HTTP command', () => runHttpCommand(api, headers, data.url, summary.writableProjectIds, report, mode.http));
            } finally {
              await api.stop();
            }
          });
        }
        // The whole record out and into an empty store with the command-line tools (after 4: with read models).
        if (wanted(9)) await step('9 export and import', () => runTransfer(data.url, databases, report, summary.events));
        // The read side on a tenth of the data set, beside the figures above (after them: the machine is as loaded).
        if (rebuilt && wanted(5)) {
          await step('4 + 5 growth', () =>
            runReadSideGrowth(
              databases,
              report,
              { seed: SEED + 2, now: DATA_NOW, longStreamEvents: 500, strict: false, ...mode.growthData },
              { projects: summary.projects, rebuild: report.details.rebuildServer as RebuildResult | undefined, dashboard: report.details.dashboard as Record<string, DashboardQueryResult> | undefined },
              { ...mode.dashboard, asOf: AS_OF },
              log,
            ),
          );
        }
      }
    }
    if (wanted(4)) {
      const spec = { seed: SEED + 1, now: DATA_NOW, longStreamEvents: 500, strict: false, ...mode.pgliteData };
      await step('4 rebuild (PGlite)', () => runPgliteRebuild(spec, report));
    }
    if (wanted(6)) await step('6 start-up', () => runEmbeddedStartup(report, mode.embeddedRepeats));
    if (wanted(8)) await step('8 deadlines (synthetic read model)', () => runUpcomingViewSynthetic(databases, report, mode.deadlinesSynthetic));
    if (wanted(8)) await step('8 notifications', () => runNotificationDelivery(databases, report, mode.notifications));
    if (wanted(10)) await step('10 documents', () => runDocuments(databases, report, mode.documents));
  } finally {
    if (!args.includes('--keep-databases')) await databases.dropAll();
  }

  finishMachine(machine);
  const file = report.write(join(__dirname, '..', '..', '..', '..', 'bench', 'results'), machine, {
    mode: mode.name,
    startedAt: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
  });
  console.log(`\nMachine: ${describeMachineLine(machine)}`);
  console.log(`Mode: ${mode.name}, ${Math.round((Date.now() - started) / 1000)} s\n`);
  console.log(report.table());
  console.log(`\nWritten: ${file}`);
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
