// Scenario 6 (second half): the API with every default (no DATABASE_URL: embedded PGlite, demo data,
// projections in process) in a fresh DATA_DIR, from spawn to the first answered GET /health.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, rssMiB, startServer } from '../lib/processes';
import type { Report } from '../lib/report';
import { summarize } from '../lib/stats';

export async function runEmbeddedStartup(report: Report, repeats: number): Promise<void> {
  const startups: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
    try {
      const api = await startServer(API_MAIN, { DATA_DIR: dataDir }, 3903 + i);
      startups.push(api.startupMs);
      // Settled: the demo data seeded and the projections caught up take a moment after /health.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      rss.push(rssMiB(api.process.pid as number));
      await api.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const s = summarize(startups);
  report.add({
    scenario: '6 start-up',
    metric: `embedded default, fresh DATA_DIR: spawn to first /health (median of ${repeats})`,
    unit: 'ms',
    ours: s.p50,
    oursText: `${(s.p50 / 1000).toFixed(2)} s`,
    goal: '< 3 s',
    met: s.p50 < 3000,
  });
  const r = summarize(rss);
  report.add({ scenario: '6 memory', metric: 'API resident memory, embedded PGlite, 3 s after start', unit: 'MiB', ours: r.p50, goal: '< 300 MiB', met: r.p50 < 300 });
  report.details.embedded = { startupMs: startups, rssMiB: rss };
}
