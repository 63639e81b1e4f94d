// Growth of the read side: scenarios 4 and 5 again on a data set a tenth the size (1,000 projects, 100,000 events),
// beside the full one's figures, so a reader sees which costs grow with the record and which do not.
import { PostgresDatabase } from '@app/platform';
import type { BenchDatabases } from '../lib/databases';
import { prepareDataSet } from '../lib/data-set';
import { Report } from '../lib/report';
import type { GeneratorSpec } from '../generate';
import { DashboardOptions, DashboardQueryResult, measureDashboard } from './dashboard-queries.scenario';
import { startApi } from './http-command.scenario';
import { rebuildAll, RebuildResult } from './projection-rebuild.scenario';

export async function runReadSideGrowth(
  databases: BenchDatabases,
  report: Report,
  spec: GeneratorSpec,
  large: { projects: number; rebuild: RebuildResult | undefined; dashboard: Record<string, DashboardQueryResult> | undefined },
  options: DashboardOptions,
  log: (message: string) => void,
): Promise<void> {
  const data = await prepareDataSet(databases, spec, log, 'growth_data');
  const db = new PostgresDatabase({ connectionString: data.url, max: 4 });
  let rebuild: RebuildResult;
  try {
    rebuild = await rebuildAll(db);
  } finally {
    await db.close();
  }
  const { api, headers } = await startApi(data.url, new Report());
  let dashboard: Record<string, DashboardQueryResult>;
  try {
    dashboard = await measureDashboard(api.baseUrl, headers, options);
  } finally {
    await api.stop();
  }
  const small = `${spec.projects.toLocaleString('en-US')} projects / ${rebuild.events.toLocaleString('en-US')} events`;
  const big = large.rebuild ? `${large.projects.toLocaleString('en-US')} / ${large.rebuild.events.toLocaleString('en-US')}` : 'the full data set';
  const times = (a: number, b: number) => `×${(b / a).toFixed(2)}`;
  const smallRate = rebuild.events / rebuild.seconds;
  if (large.rebuild) {
    const largeRate = large.rebuild.events / large.rebuild.seconds;
    report.add({
      scenario: '4 growth',
      metric: `rebuild, all read models: ${small} → ${big}`,
      unit: 'events/s',
      ours: largeRate,
      oursText: `${Math.round(smallRate).toLocaleString('en-US')} → ${Math.round(largeRate).toLocaleString('en-US')} events/s (${times(smallRate, largeRate)})`,
    });
  }
  for (const [name, s] of Object.entries(dashboard)) {
    const l = large.dashboard?.[name];
    if (!l) continue;
    report.add({
      scenario: '5 growth',
      metric: `${name}, p99 (first answer): ${small} → ${big}`,
      unit: 'ms',
      ours: l.p99,
      oursText: `${s.p99.toFixed(1)} → ${l.p99.toFixed(1)} ms (${times(s.p99, l.p99)}); first ${s.firstMs.toFixed(0)} → ${l.firstMs.toFixed(0)} ms (${times(s.firstMs, l.firstMs)})`,
    });
  }
  report.details.growth = { small: { spec: { projects: spec.projects, events: rebuild.events }, rebuild, dashboard } };
}
