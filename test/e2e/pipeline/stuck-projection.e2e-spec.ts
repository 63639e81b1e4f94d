import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { glucoseDetectorProposal, proposeProject } from '../support/fixtures';
import { ADMIN, MANAGER, OFFICE, startTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = 'stuck-projection-metrics-token-0123456789';
const SCRAPER = { Authorization: `Bearer ${METRICS_TOKEN}` };

const eventually = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

// Issue 12, finding 5 (read side): an event a read model cannot apply stops that read model only, at that event,
// visibly: readiness is down and names it, the admin sees it, the metrics show it; the others keep up; once the
// cause is fixed a rebuild brings it back.
describe('a projection stuck at an event it cannot apply (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true', METRICS_TOKEN });
  }, 60_000);
  afterAll(() => t.close());

  it('is reported by readiness, the admin and the metrics, keeps the others running, and recovers after the fix and a rebuild', async () => {
    expect((await request(t.http).get('/health/ready').set(SCRAPER).expect(200)).body.status).toBe('ok');
    const projectId = await proposeProject(t.http);
    // Past the decider, through the store's port: a trial the trial tracker's NOT NULL title refuses.
    const store = t.app.get<EventStore>(EVENT_STORE, { strict: false });
    const [poison] = (
      await store.append(
        `project-${projectId}`,
        [
          {
            eventId: randomUUID(),
            type: 'TrialRegistered',
            schemaVersion: 1,
            data: { projectId, trialId: randomUUID(), title: null, registry: 'NCT', registryId: 'NCT-poison', targetEnrolment: 10, registeredOn: '2025-06-01' },
            metadata: { occurredAt: '2025-06-01T00:00:00.000Z', actor: { id: 'office-li', name: 'Li Na', role: 'innovation_office' } },
          },
        ],
        { expectedRevision: 'any' },
      )
    ).events;

    const ready = await eventually('readiness down', async () => {
      const res = await request(t.http).get('/health/ready').set(SCRAPER);
      return res.status === 503 ? res : undefined;
    });
    expect(ready.body).toMatchObject({ code: 'not_ready', detail: expect.stringContaining('projections') });
    expect(ready.body.checks.projections).toMatchObject({
      status: 'down',
      message: expect.stringContaining(`trial_tracker at event ${poison.eventId}`),
      trial_tracker: { stuck: { eventId: poison.eventId, position: poison.globalPosition, type: 'TrialRegistered', error: expect.stringContaining('null value in column "title"') } },
    });
    // Anonymous probes learn that it is down, not why.
    const anonymous = await request(t.http).get('/health/ready').expect(503);
    expect(anonymous.body).toMatchObject({ code: 'not_ready', status: 503 });
    expect(anonymous.body.checks).toBeUndefined();
    expect(JSON.stringify(anonymous.body)).not.toContain(poison.eventId);

    const admin = (await request(t.http).get('/admin/projections').set(ADMIN).expect(200)).body.projections;
    const trials = admin.find((p: { name: string }) => p.name === 'trial_tracker');
    expect(trials).toMatchObject({ stuck: { eventId: poison.eventId, position: poison.globalPosition, type: 'TrialRegistered', attempts: 1 }, position: poison.globalPosition - 1 });
    expect(admin.filter((p: { stuck: unknown }) => p.stuck !== null).map((p: { name: string }) => p.name)).toEqual(['trial_tracker']);
    const metrics = (await request(t.http).get('/metrics').set(SCRAPER).expect(200)).text;
    expect(metrics).toMatch(/projection_stuck\{projection="trial_tracker"\} 1/);
    expect(metrics).toMatch(/projection_stuck\{projection="activity_feed"\} 0/);

    // The other read models keep up (the activity feed has the poison and what follows); the stuck one says it is behind.
    const other = await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal({ title: 'After the poison' })).expect(201);
    const feed = await request(t.http).get(`/pipeline/activity?position=${other.body.globalPosition}`).set(MANAGER).expect(200);
    expect(feed.body.items.map((i: { projectId: string }) => i.projectId)).toContain(other.body.projectId);
    await request(t.http).get(`/pipeline/trials?position=${poison.globalPosition}`).set(MANAGER).expect(503);

    // The fix (a release that accepts the event; here its column), then the admin rebuilds it.
    await t.database.db.query('ALTER TABLE trial_tracker ALTER COLUMN title DROP NOT NULL');
    await request(t.http).post('/admin/projections/trial_tracker/rebuild').set(ADMIN).expect(202);
    await eventually('trial_tracker recovered', async () => {
      const list = (await request(t.http).get('/admin/projections').set(ADMIN).expect(200)).body.projections;
      const p = list.find((s: { name: string }) => s.name === 'trial_tracker');
      return p.stuck === null && p.rebuild?.state === 'done' && p.lag === 0 ? p : undefined;
    });
    await request(t.http).get(`/pipeline/trials?position=${other.body.globalPosition}`).set(MANAGER).expect(200);
    await eventually('ready again', async () => ((await request(t.http).get('/health/ready')).status === 200 ? true : undefined));
    expect((await request(t.http).get('/metrics').set(SCRAPER).expect(200)).text).toMatch(/projection_stuck\{projection="trial_tracker"\} 0/);
  });
});
