import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { eventually } from '../support/processes';
import { ADMIN, MANAGER, OFFICE, startTestApp, TestApp } from '../support/test-app';

// The 50-project sample portfolio (scripts/generate-portfolio.mjs, kept as a fixture) brought in through the admin's
// endpoint: a dry run writes nothing, the real run writes each project's past dated when it happened, a second run
// creates nothing, bad rows come back with their lines, and the funnel and time in stage equal figures worked out
// here from the fixture's rows alone (not from the product's code).
jest.setTimeout(120_000);
const FIXTURE = join(process.cwd(), 'test/fixtures/portfolio/portfolio-50.csv');
const csv = readFileSync(FIXTURE);
const STAGES = ['idea', 'patent', 'prototype', 'clinical_validation', 'regulatory_review', 'approved'];
const DAY = 86_400_000;

type Row = Record<string, string>;
function rowsOf(text: string): Row[] {
  // The fixture quotes nothing (the generator writes no comma, quote or line break inside a value).
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

interface Stay {
  project: string;
  stage: string;
  entered: number;
  exited: number | null;
  killed: boolean;
}

// Stays by hand: a project enters idea on its project row's date; each go (to the row's stage, or the next one) or
// recycle (to the row's stage) ends the open stay and starts one in the new stage; a kill ends it as killed.
function staysOf(rows: Row[]): Stay[] {
  const stays: Stay[] = [];
  for (const project of rows.filter((r) => r.kind === 'project')) {
    // In the order they happened (file order within a day).
    const gates = rows
      .map((row, i) => ({ row, i }))
      .filter(({ row }) => row.project === project.project && row.kind === 'gate')
      .sort((a, b) => a.row.date.localeCompare(b.row.date) || a.i - b.i)
      .map(({ row }) => row);
    let open: Stay = { project: project.project, stage: 'idea', entered: Date.parse(project.date), exited: null, killed: false };
    stays.push(open);
    for (const g of gates) {
      const at = Date.parse(g.date);
      if (g.event === 'go' || g.event === 'recycle') {
        const to = g.stage || STAGES[STAGES.indexOf(open.stage) + 1];
        open.exited = at;
        open = { project: project.project, stage: to, entered: at, exited: null, killed: false };
        stays.push(open);
      } else if (g.event === 'kill') {
        open.killed = true;
      }
    }
  }
  return stays;
}

// PostgreSQL's percentile_cont: linear interpolation between the closest ranks.
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

describe('portfolio import (e2e)', () => {
  let t: TestApp;
  const rows = rowsOf(csv.toString('utf8'));
  const post = (query: string, body: Buffer, type = 'text/csv', who = ADMIN) =>
    request(t.http).post(`/admin/portfolio-imports?${query}`).set(who).set('Content-Type', type).send(body);
  const eventCount = async () => Number((await t.database.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
  });
  afterAll(() => t.close());

  it('is for admins only', async () => {
    await post('file=portfolio-50.csv', csv, 'text/csv', OFFICE).expect(403);
    await post('file=portfolio-50.csv', csv, 'text/csv', MANAGER).expect(403);
    await post('file=portfolio-50.csv', Buffer.from('{}'), 'application/json').expect(415);
  });

  it('dry run: says what it would create and writes nothing', async () => {
    const before = await eventCount();
    const res = await post('file=portfolio-50.csv', csv).expect(200);
    expect(res.body).toMatchObject({ file: 'portfolio-50.csv', dryRun: true, rows: rows.length, problems: [], refused: false });
    expect(res.body.projects).toHaveLength(50);
    expect(res.body.projects.every((p: { outcome: string }) => p.outcome === 'would_create')).toBe(true);
    expect(res.body.eventsByType.ProjectProposed).toBe(50);
    expect(res.body.eventsByType.StageAdvanced).toBe(rows.filter((r) => r.kind === 'gate' && r.event === 'go').length);
    expect(await eventCount()).toBe(before);
  });

  it('reports bad rows with their line numbers and writes nothing', async () => {
    const lines = csv.toString('utf8').trim().split('\n');
    const glu = lines.findIndex((l) => l.startsWith('GLU-001,project'));
    const bad = [...lines];
    bad[glu] = bad[glu].replace(/,idea(,*)$/, ',patent$1'); // current_stage the gates do not reach
    bad.push(lines[glu]); // the same project twice
    const columns = lines[0].split(',');
    const line = (cells: Row) => columns.map((c) => cells[c] ?? '').join(',');
    bad.push(line({ project: 'ROB-002', kind: 'gate', event: 'go', date: '2099-01-01', reference: 'GATE-X', decided_by: 'Board' }));
    bad.push(line({ project: 'ROB-002', kind: 'gate', event: 'go', date: '2024-01-01', stage: 'teleportation', reference: 'GATE-Y', decided_by: 'Board' }));
    const before = await eventCount();
    const res = await post('file=bad.csv&dryRun=false', Buffer.from(bad.join('\n'))).expect(200);
    expect(res.body.refused).toBe(true);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { line: glu + 1, project: 'GLU-001', problem: 'current_stage says patent, but the gate rows lead to idea' },
        { line: lines.length + 1, project: 'GLU-001', problem: `duplicate project: GLU-001 already has its project row at line ${glu + 1}` },
        { line: lines.length + 2, project: 'ROB-002', problem: 'date 2099-01-01 is in the future' },
        expect.objectContaining({ line: lines.length + 3, problem: expect.stringContaining('unknown stage "teleportation"') }),
      ]),
    );
    expect(res.body.problems).toHaveLength(4);
    expect(await eventCount()).toBe(before);
  });

  it('brings the portfolio in, each event dated when it happened and marked with its file and row', async () => {
    const res = await post('file=portfolio-50.csv&dryRun=false', csv).expect(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.projects.filter((p: { outcome: string }) => p.outcome === 'created')).toHaveLength(50);

    const { rows: events } = await t.database.db.query<{ type: string; data: Record<string, unknown>; metadata: Record<string, unknown>; recorded_at: Date }>(
      `SELECT type, data, metadata, recorded_at FROM events WHERE stream_id LIKE 'project-%' ORDER BY global_position`,
    );
    expect(events).toHaveLength(Object.values(res.body.eventsByType as Record<string, number>).reduce((a, b) => a + b, 0));
    for (const e of events) {
      expect(e.metadata.imported).toEqual({ file: 'portfolio-50.csv', line: expect.any(Number) });
      const row = rows[(e.metadata.imported as { line: number }).line - 2];
      expect(e.metadata.occurredAt).toBe(`${row.date}T00:00:00.000Z`);
      expect(Date.parse(e.metadata.occurredAt as string)).toBeLessThan(e.recorded_at.getTime());
    }
    const gates = events.filter((e) => ['StageAdvanced', 'ProjectKilled', 'ProjectPutOnHold', 'ProjectResumed', 'ProjectRecycled'].includes(e.type));
    expect(gates.length).toBe(rows.filter((r) => r.kind === 'gate').length);
    for (const g of gates) {
      expect(g.data.signature).toBeUndefined();
      expect(g.data.paper).toEqual({ reference: expect.stringMatching(/^GATE-/), decidedBy: expect.any(String), decidedOn: expect.any(String) });
    }
  });

  it('shows the real history: the funnel and time in stage equal the figures worked out by hand', async () => {
    const stays = staysOf(rows);
    // The projections catch up with the imported events (run in the app here).
    const kills = rows.filter((r) => r.kind === 'gate' && r.event === 'kill').length;
    const funnel = await eventually('the funnel of the imported portfolio', async () => {
      const res = await request(t.http).get('/pipeline/funnel').set(MANAGER);
      return res.status === 200 && res.body.totals.projects === 50 && res.body.totals.killed === kills ? res : undefined;
    }, 60_000);

    const furthest = new Map<string, number>();
    for (const s of stays) furthest.set(s.project, Math.max(furthest.get(s.project) ?? 0, STAGES.indexOf(s.stage)));
    const expected = STAGES.map((stage, i) => {
      const here = stays.filter((s) => s.stage === stage);
      const projects = new Set(here.map((s) => s.project));
      return {
        stage,
        reached: projects.size,
        currentlyIn: here.filter((s) => s.exited === null && !s.killed).length,
        killed: new Set(here.filter((s) => s.killed).map((s) => s.project)).size,
        advanced: [...projects].filter((p) => furthest.get(p)! > i).length,
      };
    });
    expect(funnel.body.stages.map((s: Record<string, unknown>) => ({ stage: s.stage, reached: s.reached, currentlyIn: s.currentlyIn, killed: s.killed, advanced: s.advanced }))).toEqual(expected);
    expect(funnel.body.totals).toEqual({ projects: 50, killed: kills, approved: expected[5].reached });

    const time = await request(t.http).get('/pipeline/time-in-stage').set(MANAGER).expect(200);
    for (const stage of STAGES.slice(0, 5)) {
      const completed = stays.filter((s) => s.stage === stage && s.exited !== null).map((s) => (s.exited! - s.entered) / DAY);
      const got = time.body.stages.find((s: { stage: string }) => s.stage === stage);
      expect({ stage, completedStays: got.completedStays, medianDays: got.medianDays, p90Days: got.p90Days }).toEqual({
        stage,
        completedStays: completed.length,
        medianDays: round1(percentile(completed, 0.5)),
        p90Days: round1(percentile(completed, 0.9)),
      });
    }
    // Idea to approval, per approved project.
    const cycle = [...new Set(stays.filter((s) => s.stage === 'approved').map((s) => s.project))].map((p) => {
      const mine = stays.filter((s) => s.project === p);
      return (Math.min(...mine.filter((s) => s.stage === 'approved').map((s) => s.entered)) - mine[0].entered) / DAY;
    });
    expect(time.body.cycleTime).toMatchObject({ projects: cycle.length, medianDays: round1(percentile(cycle, 0.5)), p90Days: round1(percentile(cycle, 0.9)) });
  });

  it('a second run creates nothing new, and the same portfolio as .xlsx is read the same', async () => {
    const before = await eventCount();
    const again = await post('file=portfolio-50.csv&dryRun=false', csv).expect(200);
    expect(again.body.projects.every((p: { outcome: string }) => p.outcome === 'exists')).toBe(true);
    expect(again.body.eventsByType).toEqual({});
    expect(await eventCount()).toBe(before);

    const dir = mkdtempSync(join(tmpdir(), 'portfolio-xlsx-'));
    execFileSync(process.execPath, ['scripts/generate-portfolio.mjs', '--out', join(dir, 'portfolio-50.xlsx')]);
    const xlsx = await post('file=portfolio-50.xlsx&dryRun=false', readFileSync(join(dir, 'portfolio-50.xlsx')), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').expect(200);
    expect(xlsx.body.problems).toEqual([]);
    expect(xlsx.body.projects.map((p: { projectId: string; events: number; outcome: string }) => [p.projectId, p.events, p.outcome])).toEqual(
      again.body.projects.map((p: { projectId: string; events: number }) => [p.projectId, p.events, 'exists']),
    );
    expect(await eventCount()).toBe(before);
  });
});
