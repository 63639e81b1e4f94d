import request from 'supertest';
import { glucoseDetectorProposal, proposeProject } from './support/fixtures';
import { LEAD, MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

// On PGlite (one connection) these races serialise and prove little; CI runs them on the PostgreSQL server.
describe('concurrency and idempotency (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const milestone = (n: number) => ({ title: `Bench run ${n}`, description: 'Reading within tolerance', occurredOn: '2025-05-01' });
  const history = async (id: string) => (await request(t.http).get(`/projects/${id}/history`).set(MANAGER).expect(200)).body.events as { type: string }[];

  it('a retry with the same Idempotency-Key returns the first response and writes nothing', async () => {
    const id = await proposeProject(t.http);
    const first = await request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('Idempotency-Key', 'k-retry').send(milestone(1)).expect(200);
    // Another write in between: the retry must still answer with the first response.
    await request(t.http).post(`/projects/${id}/milestones`).set(LEAD).send(milestone(2)).expect(200);
    const retry = await request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('Idempotency-Key', 'k-retry').send(milestone(1)).expect(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(await history(id)).toHaveLength(3);
  });

  it('concurrent retries with one Idempotency-Key write one event', async () => {
    const id = await proposeProject(t.http);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('Idempotency-Key', 'k-race').send(milestone(1)),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(new Set(responses.map((r) => r.body.events[0].eventId)).size).toBe(1);
    expect((await history(id)).filter((e) => e.type === 'MilestoneLogged')).toHaveLength(1);
  });

  it('concurrent requests with one Idempotency-Key but two bodies: one written, its retries replayed, the other body 422', async () => {
    const id = await proposeProject(t.http);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('Idempotency-Key', 'k-two-bodies').send(milestone(n % 2)),
      ),
    );
    const written = (await history(id)).filter((e) => e.type === 'MilestoneLogged');
    expect(written).toHaveLength(1);
    const winner = responses.find((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined)!;
    const winningBody = responses.indexOf(winner) % 2;
    responses.forEach((r, n) => {
      if (n % 2 === winningBody) expect({ n, status: r.status, eventId: r.body.events?.[0].eventId }).toEqual({ n, status: 200, eventId: winner.body.events[0].eventId });
      else expect({ n, status: r.status, code: r.body.code }).toEqual({ n, status: 422, code: 'idempotency_key_reused' });
    });
  });

  it('concurrent commands at one If-Match: exactly one wins, the rest get 412', async () => {
    const id = await proposeProject(t.http);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, n) => request(t.http).post(`/projects/${id}/milestones`).set(LEAD).set('If-Match', '"0"').send(milestone(n))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(9);
    expect(await history(id)).toHaveLength(2);
  });

  it('concurrent commands without If-Match all land, each on its own revision', async () => {
    const id = await proposeProject(t.http);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, n) => request(t.http).post(`/projects/${id}/milestones`).set(LEAD).send(milestone(n))),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.map((r) => r.body.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('concurrent proposals of one project id make one project', async () => {
    const body = glucoseDetectorProposal();
    const responses = await Promise.all(Array.from({ length: 8 }, () => request(t.http).post('/projects').set(OFFICE).send(body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await history(body.projectId as string)).toHaveLength(1);
  });
});
