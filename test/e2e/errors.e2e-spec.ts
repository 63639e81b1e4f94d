import request from 'supertest';
import { TcpProxy } from './support/tcp-proxy';
import { glucoseDetectorProposal, proposeProject } from './support/fixtures';
import { e2eEngine, LEAD, MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

async function eventCount(t: TestApp): Promise<number> {
  const { rows } = await t.database.db.query<{ n: string }>('SELECT count(*) AS n FROM events');
  return Number(rows[0].n);
}

describe('errors are RFC 9457 problem+json (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '8kb' });
  });
  afterAll(() => t.close());

  it('400 names every invalid field, nested ones by path, and unknown fields', async () => {
    const before = await eventCount(t);
    const res = await request(t.http)
      .post('/projects')
      .set(OFFICE)
      .send({ ...glucoseDetectorProposal(), title: '', riskClass: 'IV', leadClinician: { id: 'x' }, colour: 'red', targets: [{ authority: 'MARS', pathway: 'registration' }] })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'validation_failed', type: expect.stringContaining('validation_failed') });
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['colour', 'leadClinician.name', 'riskClass', 'targets.0.authority', 'title'].sort());
    expect(await eventCount(t)).toBe(before);
  });

  it('400 for an impossible date, a wrong type, a non-UUID id', async () => {
    const id = await proposeProject(t.http);
    const res = await request(t.http)
      .post(`/projects/${id}/milestones`)
      .set(LEAD)
      .send({ title: 42, description: 'x', occurredOn: '2025-02-30' })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['occurredOn', 'title']);
    const notUuid = await request(t.http).get('/projects/not-a-uuid').set(MANAGER).expect(400);
    expect(notUuid.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'projectId' }] });
  });

  it('400 for malformed JSON, 413 over the body limit, 415 for another content type', async () => {
    const malformed = await request(t.http).post('/projects').set(OFFICE).set('Content-Type', 'application/json').send('{"title": ').expect(400);
    expect(malformed.body.code).toBe('malformed_json');
    const big = await request(t.http)
      .post('/projects')
      .set(OFFICE)
      .send({ ...glucoseDetectorProposal(), summary: 'x'.repeat(20_000) })
      .expect(413);
    expect(big.body.code).toBe('payload_too_large');
    const form = await request(t.http).post('/projects').set(OFFICE).type('form').send('title=x').expect(415);
    expect(form.body.code).toBe('unsupported_media_type');
    const text = await request(t.http).post('/projects').set(OFFICE).set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(text.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('401 without a bearer token; X-Actor-* headers name nobody', async () => {
    const none = await request(t.http).post('/projects').send(glucoseDetectorProposal()).expect(401);
    expect(none.body.code).toBe('unauthenticated');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const headersOnly = await request(t.http)
      .post('/projects')
      .set({ 'X-Actor-Id': 'office-li', 'X-Actor-Name': 'Li Na', 'X-Actor-Role': 'innovation_office' })
      .send(glucoseDetectorProposal())
      .expect(401);
    expect(headersOnly.body.code).toBe('unauthenticated');
  });

  it('records the token’s user as actor, whatever the headers claim', async () => {
    const body = glucoseDetectorProposal();
    await request(t.http).post('/projects').set({ ...OFFICE, 'X-Actor-Id': 'someone-else', 'X-Actor-Role': 'admin' }).send(body).expect(201);
    const history = (await request(t.http).get(`/projects/${body.projectId}/history`).set(MANAGER).expect(200)).body;
    expect(history.events[0].actor).toEqual({ id: 'office-li', name: 'Li Na', role: 'innovation_office', account: 'office-li' });
  });

  it('409 with the rule’s code when the domain refuses', async () => {
    const body = glucoseDetectorProposal();
    await request(t.http).post('/projects').set(OFFICE).send(body).expect(201);
    const again = await request(t.http).post('/projects').set(OFFICE).send(body).expect(409);
    expect(again.body).toMatchObject({ status: 409, code: 'project_already_exists' });
  });

  it('412 for a stale If-Match, and nothing is written', async () => {
    const id = await proposeProject(t.http);
    const milestone = { title: 'First bench test', description: 'Bench rig assembled', occurredOn: '2025-05-01' };
    await request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('If-Match', '"0"').send(milestone).expect(200);
    const before = await eventCount(t);
    const stale = await request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('If-Match', '"0"').send(milestone).expect(412);
    expect(stale.body).toMatchObject({ code: 'stale_revision', currentRevision: 1 });
    expect(stale.headers.etag).toBe('"1"');
    expect(await eventCount(t)).toBe(before);
    await request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('If-Match', 'yesterday').send(milestone).expect(400);
  });

  it('404 for an unknown route, as problem+json', async () => {
    const res = await request(t.http).get('/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

const onServer = e2eEngine() === 'postgres' ? describe : describe.skip;
const OUTAGE_METRICS_TOKEN = 'outage-test-metrics-token-0123456789';
if (e2eEngine() !== 'postgres') console.log('503 outage test skipped: it needs DATABASE_URL (a PostgreSQL server to cut off)');

onServer('503 when the database is unreachable (e2e, PostgreSQL server)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    const server = new URL(process.env.DATABASE_URL as string);
    proxy = new TcpProxy(server.hostname, Number(server.port || 5432));
    await proxy.start();
    t = await startTestApp({ METRICS_TOKEN: OUTAGE_METRICS_TOKEN }, { connectThrough: (u) => Object.assign(new URL(u), { port: String(proxy.port) }).toString() });
  });
  afterAll(async () => {
    await proxy.start();
    await t.close();
    await proxy.cut();
  }, 20_000);

  it('answers 503 with Retry-After while cut off, and recovers without a restart', async () => {
    const id = await proposeProject(t.http);
    await proxy.cut();
    const write = await request(t.http)
      .post(`/projects/${id}/milestones`)
      .set(LEAD)
      .send({ title: 'During the outage', description: 'x', occurredOn: '2025-05-01' })
      .expect(503);
    expect(write.headers['retry-after']).toBeDefined();
    expect(write.body).toMatchObject({ code: 'database_unavailable', status: 503 });
    await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(503);
    // The checks that are down are for operators (the metrics token or an admin); a probe learns the status only.
    const ready = await request(t.http).get('/health/ready').set('Authorization', `Bearer ${OUTAGE_METRICS_TOKEN}`).expect(503);
    expect(ready.headers['content-type']).toContain('application/problem+json');
    expect(ready.body).toMatchObject({ code: 'not_ready', status: 503, detail: expect.stringContaining('database'), checks: { database: { status: 'down' } } });
    const anonymous = await request(t.http).get('/health/ready').expect(503);
    expect(anonymous.body).toMatchObject({ code: 'not_ready', status: 503 });
    expect(anonymous.body.checks).toBeUndefined();
    await request(t.http).get('/health').expect(200);

    await proxy.start(proxy.port);
    await request(t.http).get('/health/ready').expect(200);
    const after = await request(t.http).get(`/projects/${id}/history`).set(MANAGER).expect(200);
    expect(after.body.events).toHaveLength(1);
  });
});
