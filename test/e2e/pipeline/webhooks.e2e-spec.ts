import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { WebhookSender } from '@app/pipeline';
import { proposeProject } from '../support/fixtures';
import { ADMIN, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

// Verifies a request as a Standard Webhooks receiver would (written out here, not with the service's own code).
function verify(secret: string, hit: Hit): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${hit.headers['webhook-id']}.${hit.headers['webhook-timestamp']}.${hit.body}`).digest('base64');
  return String(hit.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Webhooks an admin registers (issue 16): signed, retried with backoff, with a delivery log.
describe('webhooks (e2e)', () => {
  let t: TestApp;
  let receiver: Server;
  let url: string;
  const hits: Hit[] = [];
  let answer = { status: 500, body: 'x'.repeat(1_000) };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hits.push({ headers: req.headers, body });
        res.writeHead(answer.status).end(answer.body);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await new Promise((r) => receiver.close(r));
  });

  it('lets only an admin register an http(s) URL that is not the service itself', async () => {
    await request(t.http).post('/admin/webhooks').set(OFFICE).send({ url }).expect(403);
    for (const bad of ['ftp://example.org/x', 'http://localhost:3000/anything', 'not a url', 'http://user:pw@example.org/']) {
      const res = await request(t.http).post('/admin/webhooks').set(ADMIN).send({ url: bad }).expect(400);
      expect(res.body.errors[0].field).toBe('url');
    }
    await request(t.http).post('/admin/webhooks').set(ADMIN).send({ url, kinds: ['deadline_reminder'] }).expect(400);
  });

  it('posts a gate decision signed as Standard Webhooks describe, retries a failure with backoff, and logs each delivery', async () => {
    const hook = (await request(t.http).post('/admin/webhooks').set(ADMIN).send({ url }).expect(201)).body;
    expect(hook).toMatchObject({ url, kinds: ['gate_decision', 'idea_awaiting_screening', 'idea_accepted', 'idea_declined'], createdBy: 'ops-root', secret: expect.stringMatching(/^whsec_/) });
    expect((await request(t.http).get('/admin/webhooks').set(ADMIN).expect(200)).body).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);

    const project = await proposeProject(t.http);
    await request(t.http).post(`/projects/${project}/gate-decisions`).set(OFFICE).set('If-Match', '"0"').send({ decision: 'kill', reason: 'Partner withdrew', signature }).expect(200);
    // The API's own sender tries it (the receiver answers 500 with a long body).
    await eventually('the first attempt', () => hits.length === 1);
    const log = async () => (await request(t.http).get(`/admin/webhooks/${hook.id}/deliveries`).set(ADMIN).expect(200)).body;
    await eventually('the failure logged', async () => (await log())[0]?.attempts === 1);
    const [failed] = await log();
    expect(failed).toMatchObject({ kind: 'gate_decision', lastStatus: 500, deliveredAt: null, lastError: 'HTTP 500' });
    expect(failed.lastResponse).toHaveLength(200);
    expect(Date.parse(failed.nextAttemptAt) - Date.parse(failed.lastAttemptAt)).toBe(30_000);

    // Half an hour later (by the sender's clock) it is tried again, and delivered.
    answer = { status: 204, body: '' };
    const later = new WebhookSender(t.database.db, { now: () => new Date(Date.now() + 30 * 60_000) });
    expect(await later.runOnce()).toBe(1);
    expect(await later.runOnce()).toBe(0);
    expect(hits).toHaveLength(2);
    const [first, second] = hits;
    expect(first.headers['webhook-id']).toBe(failed.id);
    expect(second.headers['webhook-id']).toBe(failed.id);
    expect(second.body).toBe(first.body);
    for (const hit of hits) expect(verify(hook.secret, hit)).toBe(true);
    expect(verify(hook.secret, { ...second, body: second.body.replace('withdrew', 'stayed') })).toBe(false);
    const payload = JSON.parse(second.body);
    expect(payload).toMatchObject({ type: 'notification.gate_decision', data: { id: failed.notificationId, kind: 'gate_decision', projectId: project } });
    expect((await log())[0]).toMatchObject({ attempts: 2, lastStatus: 204, lastError: null, deliveredAt: expect.any(String), nextAttemptAt: null });

    await request(t.http).get('/admin/webhooks/00000000-0000-4000-8000-000000000000/deliveries').set(ADMIN).expect(404);
    await request(t.http).post(`/admin/webhooks/${hook.id}/removal`).set(ADMIN).expect(204);
    await request(t.http).post(`/admin/webhooks/${hook.id}/removal`).set(ADMIN).expect(404);
  }, 40_000);
});
