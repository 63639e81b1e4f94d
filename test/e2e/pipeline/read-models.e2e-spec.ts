import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { ADMIN, LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = 'read-models-e2e-metrics-token-0123456789';
const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

// The read models through HTTP: board, list, funnel, time in stage, stalled, patents, trials, activity,
// drill-down, as-of, read-your-writes, admin rebuild, readiness and metrics.
describe('pipeline read models (e2e)', () => {
  let t: TestApp;
  let glucose: string;
  let robot: string;
  let lastPosition: number;

  beforeAll(async () => {
    // On the server the API only feeds projections when asked (apps/projector does it in production).
    t = await startTestApp({ RUN_PROJECTIONS: 'true', METRICS_TOKEN });
    const proposed = await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201);
    glucose = proposed.body.projectId;
    const other = await request(t.http)
      .post('/projects')
      .set(OFFICE)
      .send(glucoseDetectorProposal({ title: 'Single-port laparoscopic robot', riskClass: 'II', deviceType: 'surgical robot', institution: 'Ruijin Hospital', targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }] }))
      .expect(201);
    robot = other.body.projectId;
    await request(t.http)
      .post(`/projects/${glucose}/invention-disclosures`)
      .set(OFFICE)
      .send({ title: 'Fingertip NIR glucose sensing', summary: 'Two-wavelength absorption', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' })
      .expect(200);
    const go = await request(t.http).post(`/projects/${glucose}/gate-decisions`).set(OFFICE).set('If-Match', '"1"').send({ decision: 'go', signature }).expect(200);
    await request(t.http)
      .post(`/projects/${glucose}/patents`)
      .set(OFFICE)
      .send({ title: 'Optical glucose meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610123456.7', filedOn: '2026-02-03' })
      .expect(200);
    const kill = await request(t.http).post(`/projects/${robot}/gate-decisions`).set(OFFICE).set('If-Match', '"0"').send({ decision: 'kill', reason: 'Partner withdrew', signature }).expect(200);
    lastPosition = Math.max(go.body.globalPosition, kill.body.globalPosition);
  }, 60_000);
  afterAll(() => t.close());

  it('reads its own writes: ?position= waits for the projection', async () => {
    const res = await request(t.http).get(`/pipeline/board?position=${lastPosition}`).set(MANAGER).expect(200);
    expect(res.body.position).toBeGreaterThanOrEqual(lastPosition);
    expect(res.body.total).toBe(2);
    const patent = res.body.stages.find((s: { stage: string }) => s.stage === 'patent');
    expect(patent).toMatchObject({ count: 1, byStatus: { active: 1 }, projects: [{ projectId: glucose, stage: 'patent', status: 'active', authorities: ['NMPA'] }] });
    const idea = res.body.stages.find((s: { stage: string }) => s.stage === 'idea');
    expect(idea.projects[0]).toMatchObject({ projectId: robot, status: 'terminated' });
  });

  it('answers 503 projection_behind with Retry-After when the read model cannot catch up in time', async () => {
    const res = await request(t.http).get(`/pipeline/board?position=${lastPosition + 100000}`).set(MANAGER).expect(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ code: 'projection_behind', status: 503 });
  });

  it('filters, pages and searches the project list; bad filters are 400s naming the field', async () => {
    const res = await request(t.http).get(`/projects?q=robot&pageSize=5&position=${lastPosition}`).set(MANAGER).expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 5, total: 1, items: [{ projectId: robot, riskClass: 'II', deviceType: 'surgical robot' }] });
    expect((await request(t.http).get('/projects?authority=FDA').set(MANAGER).expect(200)).body.total).toBe(1);
    expect((await request(t.http).get('/pipeline/board?riskClass=III&status=active').set(MANAGER).expect(200)).body.total).toBe(1);

    for (const bad of [
      '/pipeline/board?stage=moon',
      '/pipeline/board?riskClass=IV',
      '/pipeline/board?asOf=yesterday',
      '/pipeline/board?position=abc',
      '/pipeline/board?colour=red',
      '/projects?pageSize=101',
      '/projects?page=0',
      '/pipeline/stalled?days=-1',
      '/pipeline/activity?before=x',
      '/pipeline/patents?open=maybe',
      '/pipeline/drill-down?metric=nope',
      '/pipeline/drill-down?metric=funnel.reached',
    ]) {
      const res = await request(t.http).get(bad).set(MANAGER);
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'validation_failed' });
    }
  });

  it('lists the projects ready for a gate decision over every project, and those changed after a position', async () => {
    const ready = (await request(t.http).get(`/projects?readyForGate=true&position=${lastPosition}`).set(OFFICE).expect(200)).body;
    // The glucose detector has its patent application on record: its gate to prototype has all its evidence.
    expect(ready).toMatchObject({ total: 1, items: [{ projectId: glucose, nextGate: { stage: 'prototype', missingEvidence: [], ready: true } }] });
    const others = (await request(t.http).get('/projects?readyForGate=false').set(OFFICE).expect(200)).body;
    expect(others.items).toEqual([expect.objectContaining({ projectId: robot, nextGate: null })]);

    // The project itself names the records on file for each requirement of that gate.
    const view = (await request(t.http).get(`/projects/${glucose}`).set(OFFICE).expect(200)).body;
    expect(view.nextGateEvidence).toEqual([
      expect.objectContaining({ code: 'patent_application_filed', met: true, records: [expect.objectContaining({ kind: 'patent', title: 'Optical glucose meter', reference: 'CN202610123456.7', date: '2026-02-03' })] }),
    ]);

    const before = ready.position as number;
    const disclosure = await request(t.http)
      .post(`/projects/${robot}/invention-disclosures`)
      .set(OFFICE)
      .send({ title: 'Robot wrist', summary: 'Cable-driven wrist', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' });
    // A killed project takes no more records; whatever it answered, only changes after `before` are listed.
    const after = disclosure.status === 200 ? disclosure.body.globalPosition : before;
    const changed = (await request(t.http).get(`/projects?changedAfter=${before}&position=${after}`).set(OFFICE).expect(200)).body;
    expect(changed.items.map((i: { projectId: string }) => i.projectId)).toEqual(disclosure.status === 200 ? [robot] : []);
    expect((await request(t.http).get(`/projects?changedAfter=0`).set(OFFICE).expect(200)).body.total).toBe(2);

    for (const bad of ['/projects?readyForGate=maybe', '/projects?changedAfter=-1', '/projects?changedAfter=x']) {
      const res = await request(t.http).get(bad).set(MANAGER);
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'validation_failed' });
    }
  });

  it('shows the funnel and drills into the events behind a number', async () => {
    const funnel = (await request(t.http).get(`/pipeline/funnel?position=${lastPosition}`).set(MANAGER).expect(200)).body;
    const idea = funnel.stages.find((s: { stage: string }) => s.stage === 'idea');
    expect(idea).toMatchObject({ reached: 2, currentlyIn: 0, killed: 1, advanced: 1, conversionToNext: 0.5, killRate: 0.5 });
    expect(funnel.totals).toEqual({ projects: 2, killed: 1, approved: 0 });

    const history = (await request(t.http).get(`/projects/${glucose}/history`).set(MANAGER).expect(200)).body;
    const advancedEvent = history.events.find((e: { type: string }) => e.type === 'StageAdvanced');
    const reached = (await request(t.http).get(funnel.stages[1].drillDown.reached).set(MANAGER).expect(200)).body;
    expect(reached).toMatchObject({ metric: 'funnel.reached', stage: 'patent', total: 1 });
    expect(reached.items[0]).toMatchObject({ projectId: glucose, eventIds: [advancedEvent.eventId] });
    const killed = (await request(t.http).get(idea.drillDown.killed).set(MANAGER).expect(200)).body;
    expect(killed.items.map((i: { projectId: string }) => i.projectId)).toEqual([robot]);
  });

  it('reports time in stage, stalled projects, patents, trials and activity', async () => {
    const tis = (await request(t.http).get('/pipeline/time-in-stage').set(MANAGER).expect(200)).body;
    expect(tis.stages.map((s: { stage: string }) => s.stage)).toEqual(['idea', 'patent', 'prototype', 'clinical_validation', 'regulatory_review']);
    expect(tis.stages[0]).toMatchObject({ completedStays: 1, currentCount: 0 });
    expect(tis.cycleTime).toMatchObject({ fromStage: 'idea', toStage: 'approved', projects: 0, medianDays: null });

    expect((await request(t.http).get('/pipeline/stalled?days=1').set(MANAGER).expect(200)).body).toMatchObject({ days: 1, total: 0, items: [] });

    const patents = (await request(t.http).get(`/pipeline/patents?open=true&position=${lastPosition}`).set(MANAGER).expect(200)).body;
    expect(patents).toMatchObject({ total: 1, byStatus: { filed: 1 }, items: [{ projectId: glucose, jurisdiction: 'CN', status: 'filed', filedOn: '2026-02-03' }] });
    expect((await request(t.http).get('/pipeline/trials').set(MANAGER).expect(200)).body).toMatchObject({ total: 0, items: [] });

    const activity = (await request(t.http).get('/pipeline/activity?limit=2').set(MANAGER).expect(200)).body;
    expect(activity.items).toHaveLength(2);
    expect(activity.items[0]).toMatchObject({ type: 'ProjectKilled', projectId: robot, actor: { id: 'office-li', name: 'Li Na', role: 'innovation_office' }, reason: 'Partner withdrew' });
    const older = (await request(t.http).get(`/pipeline/activity?limit=50&before=${activity.nextBefore}`).set(MANAGER).expect(200)).body;
    expect(older.items.map((i: { type: string }) => i.type)).toEqual(['StageAdvanced', 'InventionDisclosureRecorded', 'ProjectProposed', 'ProjectProposed']);
  });

  it('shows the board as of a past instant, from the events', async () => {
    const before = (await request(t.http).get(`/pipeline/board?position=${lastPosition}`).set(MANAGER).expect(200)).body;
    const asOf = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 10));
    await request(t.http).post(`/projects/${glucose}/corrections`).set(OFFICE).send({ target: { kind: 'project', id: glucose }, field: 'title', oldValue: 'Non-invasive blood-glucose detector', newValue: 'NIR glucose monitor', reason: 'Renamed by the steering board' }).expect(200);
    const third = await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal({ title: 'AI spine imaging' })).expect(201);

    const now = (await request(t.http).get(`/pipeline/board?position=${third.body.globalPosition}`).set(MANAGER).expect(200)).body;
    expect(now.total).toBe(3);
    const then = (await request(t.http).get(`/pipeline/board?asOf=${encodeURIComponent(asOf)}`).set(MANAGER).expect(200)).body;
    // Regulatory tracks are today's only: the board as of an instant shows none (README, "Regulatory tracks").
    const strip = (b: { stages: { drillDown: string; projects: { regulatoryTracks: unknown }[] }[] }) =>
      b.stages.map(({ drillDown: _, ...s }) => ({ ...s, projects: s.projects.map((p) => ({ ...p, regulatoryTracks: null })) }));
    expect(then.asOf).toBe(asOf);
    expect(then.stages.flatMap((s: { projects: { regulatoryTracks: unknown }[] }) => s.projects).every((p: { regulatoryTracks: unknown }) => p.regulatoryTracks === null)).toBe(true);
    expect(strip(then)).toEqual(strip(before));
    const funnelThen = (await request(t.http).get(`/pipeline/funnel?asOf=${encodeURIComponent(asOf)}`).set(MANAGER).expect(200)).body;
    expect(funnelThen.totals.projects).toBe(2);
  });

  it('reports projection lag in readiness and as Prometheus metrics', async () => {
    const ready = (await request(t.http).get('/health/ready').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).body;
    expect(ready.details.projections.status).toBe('up');
    expect(ready.details.projections.pipeline_board).toMatchObject({ running: true });
    expect(typeof ready.details.projections.pipeline_board.lag).toBe('number');
    const metrics = await request(t.http).get('/metrics').set(ADMIN).expect(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/projection_lag_events\{projection="pipeline_board"\} \d+/);
    expect(metrics.text).toMatch(/event_store_head_position \d+/);
  });

  it('rebuilds a projection on an admin’s command while the board keeps answering', async () => {
    await request(t.http).post('/admin/projections/pipeline_board/rebuild').set(MANAGER).expect(403);
    await request(t.http).post('/admin/projections/pipeline_board/rebuild').expect(401);
    await request(t.http).post('/admin/projections/nothing/rebuild').set(ADMIN).expect(404);
    const before = (await request(t.http).get('/pipeline/board').set(MANAGER).expect(200)).body;

    const started = await request(t.http).post('/admin/projections/all/rebuild').set(ADMIN).expect(202);
    expect(Object.keys(started.body.rebuilding)).toEqual(['pipeline_board', 'stage_transitions', 'patent_register', 'trial_tracker', 'activity_feed', 'idea_register', 'deadlines', 'notifications']);
    for (;;) {
      const board = (await request(t.http).get('/pipeline/board').set(LEAD).expect(200)).body;
      expect(board.total).toBe(before.total);
      const status = (await request(t.http).get('/admin/projections').set(ADMIN).expect(200)).body.projections;
      if (status.every((s: { rebuild: { state: string } | null }) => s.rebuild?.state === 'done')) {
        expect(status[0]).toMatchObject({ name: 'pipeline_board', lag: 0, rebuild: { state: 'done', percent: 100 } });
        break;
      }
      expect(status.some((s: { rebuild: { state: string } | null }) => s.rebuild?.state === 'failed')).toBe(false);
    }
    const after = (await request(t.http).get('/pipeline/board').set(MANAGER).expect(200)).body;
    expect(after.stages).toEqual(before.stages);
  });
});
