import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine';

/** One line of the results table. `null` means "not measured": never a made-up number. */
export interface ResultRow {
  scenario: string;
  metric: string;
  unit: string;
  ours: number | null;
  /** The ceiling or peer measured beside ours, and which one it is. */
  reference: number | null;
  referenceName: string | null;
  /** ours / reference when higher is better, reference / ours when lower is better: above 1 is ours ahead. */
  ratio: number | null;
  goal: string | null;
  met: boolean | null;
  note?: string;
  /** Shown instead of the bare number (e.g. "p50 / p99"). */
  oursText?: string;
  referenceText?: string;
}

export class Report {
  readonly rows: ResultRow[] = [];
  readonly details: Record<string, unknown> = {};

  add(row: Omit<ResultRow, 'ratio' | 'reference' | 'referenceName' | 'goal' | 'met'> & Partial<ResultRow>): void {
    this.rows.push({ reference: null, referenceName: null, ratio: null, goal: null, met: null, ...row });
  }

  notMeasured(scenario: string, metric: string, reason: string): void {
    this.add({ scenario, metric, unit: '', ours: null, note: `not measured yet: ${reason}` });
  }

  table(): string {
    const header = ['scenario', 'metric', 'ours', 'ceiling/peer', 'ratio', 'goal', 'met?'];
    const lines = this.rows.map((r) => [
      r.scenario,
      r.metric,
      r.ours === null ? (r.note ?? 'not measured') : (r.oursText ?? `${fmt(r.ours)} ${r.unit}`.trim()),
      r.referenceText ?? (r.reference === null ? '' : `${fmt(r.reference)} ${r.unit} (${r.referenceName})`),
      r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
      r.goal ?? '',
      r.met === null ? '' : r.met ? 'yes' : 'NO',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    return [row(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...lines.map(row)].join('\n');
  }

  write(dir: string, machine: MachineInfo, meta: Record<string, unknown>): string {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${new Date().toISOString().replace(/:/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ machine, ...meta, rows: this.rows, details: this.details }, null, 2) + '\n');
    return file;
  }
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function describeMachineLine(m: MachineInfo): string {
  const s = m.settings;
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; ${m.postgres} ` +
    `(synchronous_commit=${s.synchronous_commit}, fsync=${s.fsync}, full_page_writes=${s.full_page_writes}, ` +
    `wal_sync_method=${s.wal_sync_method}, commit_delay=${s.commit_delay}, shared_buffers=${s.shared_buffers}); ` +
    `1-min load average ${m.loadAverage.start} at start, ${m.loadAverage.end ?? '?'} at end`
  );
}
