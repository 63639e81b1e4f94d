// Scenario 5: the dashboard's queries over HTTP against the API on the full data set, one at a time
// (a person looking at the dashboard), after the read models were rebuilt by scenario 4.
import type { Report } from '../lib/report';
import { summarize } from '../lib/stats';

export interface DashboardOptions {
  repeats: number;
  asOfRepeats: number;
  /** A past instant for the as-of board. */
  asOf: string;
}

export async function runDashboardQueries(baseUrl: string, headers: Record<string, string>, report: Report, options: DashboardOptions): Promise<void> {
  const queries: { name: string; path: string; repeats: number; goal: number }[] = [
    { name: 'board', path: '/pipeline/board', repeats: options.repeats, goal: 20 },
    { name: 'funnel', path: '/pipeline/funnel', repeats: options.repeats, goal: 20 },
    { name: 'time in stage', path: '/pipeline/time-in-stage', repeats: options.repeats, goal: 20 },
    { name: 'stalled (90 days)', path: '/pipeline/stalled?days=90', repeats: options.repeats, goal: 20 },
    { name: 'drill-down (killed in prototype)', path: '/pipeline/drill-down?metric=funnel.killed&stage=prototype', repeats: options.repeats, goal: 20 },
    { name: `as-of board (${options.asOf.slice(0, 10)})`, path: `/pipeline/board?asOf=${encodeURIComponent(options.asOf)}`, repeats: options.asOfRepeats, goal: 1000 },
  ];
  const details: Record<string, unknown> = {};
  for (const q of queries) {
    const samples: number[] = [];
    let bytes = 0;
    // Two unmeasured requests first: the first query of a kind pays for plans and caches.
    for (let i = 0; i < q.repeats + 2; i++) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(baseUrl + q.path, { headers });
      const body = await res.arrayBuffer();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200) throw new Error(`${q.path} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
      bytes = body.byteLength;
      if (i >= 2) samples.push(ms);
    }
    const s = summarize(samples);
    details[q.name] = { path: q.path, bytes, ...s };
    const asOf = q.goal === 1000;
    report.add({
      scenario: '5 dashboard',
      metric: `${q.name}: p50 / p99 over ${q.repeats}`,
      unit: 'ms',
      ours: s.p99,
      oursText: `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} ms`,
      goal: asOf ? '< 1 s' : 'p99 < 20 ms',
      met: s.p99 < q.goal,
    });
  }
  report.details.dashboard = details;
}
