import request from 'supertest';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { projectStreamId } from '@app/pipeline';
import { glucoseDetectorProposal, proposeProject } from './support/fixtures';
import { LEAD, MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

describe('projects (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('proposes a project and answers with its revision as ETag and its location', async () => {
    const body = glucoseDetectorProposal();
    const res = await request(t.http).post('/projects').set(OFFICE).send(body).expect(201);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({ projectId: body.projectId, revision: 0, events: [{ type: 'ProjectProposed', revision: 0 }] });
    expect(res.body.globalPosition).toBeGreaterThan(0);
    expect(res.headers.location).toBe(`/projects/${body.projectId}`);
  });

  it('makes an id when the client sends none', async () => {
    const { projectId, ...body } = glucoseDetectorProposal();
    const res = await request(t.http).post('/projects').set(OFFICE).send(body).expect(201);
    expect(res.body.projectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.projectId).not.toBe(projectId);
  });

  it('shows the current state with the evidence the next gate needs', async () => {
    const id = await proposeProject(t.http);
    const res = await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({
      projectId: id,
      revision: 0,
      stage: 'idea',
      status: 'active',
      nextStage: 'patent',
      missingEvidence: [{ code: 'invention_disclosure' }],
      profile: { riskClass: 'III', leadClinician: { id: 'dr-chen' } },
    });
  });

  it('shows the project as the record stood at an earlier instant', async () => {
    const id = await proposeProject(t.http);
    const before = (await request(t.http).get(`/projects/${id}/history`).set(MANAGER).expect(200)).body.events[0].recordedAt;
    await request(t.http)
      .post(`/projects/${id}/milestones`)
      .set(LEAD)
      .send({ title: 'Bench prototype reads within 10% of lab glucose', description: 'n=12 volunteers', occurredOn: '2025-06-01' })
      .expect(200);
    const now = (await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200)).body;
    expect(now.revision).toBe(1);
    const then = (await request(t.http).get(`/projects/${id}`).set(MANAGER).query({ asOf: before }).expect(200)).body;
    expect(then).toMatchObject({ revision: 0, asOf: before, records: { milestones: [] } });
    await request(t.http).get(`/projects/${id}`).set(MANAGER).query({ asOf: '2001-01-01T00:00:00Z' }).expect(404);
    const bad = await request(t.http).get(`/projects/${id}`).set(MANAGER).query({ asOf: 'yesterday' }).expect(400);
    expect(bad.body.errors[0].field).toBe('asOf');
  });

  it('keeps the full history: who, when, why, in order', async () => {
    const id = await proposeProject(t.http);
    const res = await request(t.http).get(`/projects/${id}/history`).set(MANAGER).set('X-Request-Id', 'req-history-1').expect(200);
    expect(res.body.events).toHaveLength(1);
    expect(res.body.events[0]).toMatchObject({
      revision: 0,
      type: 'ProjectProposed',
      schemaVersion: 1,
      actor: { id: 'office-li', name: 'Li Na', role: 'innovation_office' },
    });
    expect(res.body.events[0].recordedAt).toMatch(/Z$/);
    expect(res.body.events[0].correlationId).toBeTruthy();
  });

  it('uses the server’s request id as the events’ correlation id, and keeps the client’s X-Request-Id beside it', async () => {
    const body = glucoseDetectorProposal();
    const res = await request(t.http).post('/projects').set(OFFICE).set('X-Request-Id', 'req-42').send(body).expect(201);
    const serverId = res.headers['x-request-id'];
    expect(serverId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const history = (await request(t.http).get(`/projects/${body.projectId}/history`).set(MANAGER).expect(200)).body;
    expect(history.events[0]).toMatchObject({ correlationId: serverId, causationId: serverId });
    const [proposed] = await t.app.get<EventStore>(EVENT_STORE).readStream(projectStreamId(body.projectId));
    expect(proposed.metadata).toMatchObject({ correlationId: serverId, clientRequestId: 'req-42' });
  });

  it('answers 404 problem+json for an unknown project', async () => {
    const res = await request(t.http).get('/projects/00000000-0000-4000-8000-000000000000').set(MANAGER).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'project_not_found' });
  });
});
