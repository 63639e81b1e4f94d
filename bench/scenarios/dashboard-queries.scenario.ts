// Scenario 5: the dashboard's queries over HTTP against the API on the full data set, one at a time
// (a person looking at the dashboard), after the read models were rebuilt by scenario 4.
import type { Report } from '../lib/report';
import { LatencySummary, summarize } from '../lib/stats';

export interface DashboardOptions {
  repeats: number;
  asOfRepeats: number;
  /** A past instant for the as-of board. */
  asOf: string;
}

export interface DashboardQueryResult extends LatencySummary {
  path: string;
  bytes: number;
  /** The first answer after the read models were built: computed, not kept (answers are kept per checkpoint). */
  firstMs: number;
  /** p99 goal in milliseconds. */
  goal: number;
}

// The as-of board's goal; every other query's is 20 ms.
const AS_OF_GOAL_MS = 200;

/** Each dashboard query's latency, one request at a time. */
export async function measureDashboard(baseUrl: string, headers: Record<string, string>, options: DashboardOptions): Promise<Record<string, DashboardQueryResult>> {
  const queries: { name: string; path: string; repeats: number; goal: number }[] = [
    { name: 'board', path: '/pipeline/board', repeats: options.repeats, goal: 20 },
    { name: 'funnel', path: '/pipeline/funnel', repeats: options.repeats, goal: 20 },
    { name: 'time in stage', path: '/pipeline/time-in-stage', repeats: options.repeats, goal: 20 },
    { name: 'stalled (90 days)', path: '/pipeline/stalled?days=90', repeats: options.repeats, goal: 20 },
    { name: 'drill-down (killed in prototype)', path: '/pipeline/drill-down?metric=funnel.killed&stage=prototype', repeats: options.repeats, goal: 20 },
    { name: `as-of board (${options.asOf.slice(0, 10)})`, path: `/pipeline/board?asOf=${encodeURIComponent(options.asOf)}`, repeats: options.asOfRepeats, goal: AS_OF_GOAL_MS },
  ];
  const out: Record<string, DashboardQueryResult> = {};
  for (const q of queries) {
    const samples: number[] = [];
    let bytes = 0;
    let firstMs = NaN;
    // Two unmeasured requests first: the first query of a kind pays for plans and caches (its time is kept apart).
    for (let i = 0; i < q.repeats + 2; i++) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(baseUrl + q.path, { headers });
      const body = await res.arrayBuffer();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200) throw new Error(`${q.path} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
      bytes = body.byteLength;
      if (i === 0) firstMs = ms;
      if (i >= 2) samples.push(ms);
    }
    out[q.name] = { path: q.path, bytes, firstMs, goal: q.goal, ...summarize(samples) };
  }
  return out;
}

export async function runDashboardQueries(baseUrl: string, headers: Record<string, string>, report: Report, options: DashboardOptions): Promise<void> {
  const results = await measureDashboard(baseUrl, headers, options);
  for (const [name, s] of Object.entries(results)) {
    const asOf = s.goal === AS_OF_GOAL_MS;
    report.add({
      scenario: '5 dashboard',
      metric: `${name}: p50 / p99 over ${s.count} (first answer, computed)`,
      unit: 'ms',
      ours: s.p99,
      oursText: `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} ms (${s.firstMs.toFixed(0)} ms)`,
      goal: asOf ? '< 200 ms' : 'p99 < 20 ms',
      met: s.p99 < s.goal,
    });
  }
  report.details.dashboard = results;
}
