import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { proposeProject } from '../support/fixtures';
import { ADMIN, LEAD, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = 'notification-backlog-metrics-token-0123456789';
const SCRAPER = { Authorization: `Bearer ${METRICS_TOKEN}` };
const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

// A port nothing listens on (taken, then released).
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// Issue 16: an unreachable SMTP server and an unreachable webhook block nothing; readiness and /metrics show the backlog.
describe('notification backlog (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true', METRICS_TOKEN, SMTP_URL: `smtp://127.0.0.1:${await deadPort()}` });
  }, 60_000);
  afterAll(() => t.close());

  it('keeps answering commands and inboxes while mail and webhooks wait, and reports the backlog to operators only', async () => {
    await request(t.http).post('/me/notification-preferences').set(LEAD).send({ email: true, emailAddress: 'chen@hospital.example' }).expect(200);
    await request(t.http).post('/admin/webhooks').set(ADMIN).send({ url: `http://127.0.0.1:${await deadPort()}/hook` }).expect(201);
    const project = await proposeProject(t.http);
    const started = Date.now();
    const kill = await request(t.http)
      .post(`/projects/${project}/gate-decisions`)
      .set(OFFICE)
      .set('If-Match', '"0"')
      .send({ decision: 'kill', reason: 'Partner withdrew', signature })
      .expect(200);
    // The inbox has it at once (read-your-writes), whatever the mail server and the receiver do.
    const inbox = await request(t.http).get('/me/notifications').query({ position: kill.body.globalPosition }).set(LEAD).expect(200);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'gate_decision' });
    expect(Date.now() - started).toBeLessThan(5_000);

    const ready = async () => (await request(t.http).get('/health/ready').set(SCRAPER)).body;
    await eventually('a failed attempt on both channels', async () => {
      const n = (await ready()).details?.notifications;
      return n?.mail.failing >= 1 && n?.webhooks.failing >= 1;
    });
    const details = await ready();
    expect(details.status).toBe('ok');
    expect(details.details.notifications).toMatchObject({
      status: 'up',
      sending: 'active',
      mailConfigured: true,
      mail: { pending: 1, failing: 1, givenUp: 0, oldestSince: expect.any(String) },
      webhooks: { pending: 1, failing: 1, givenUp: 0, oldestSince: expect.any(String) },
    });
    // Anonymous probes: the status only.
    expect((await request(t.http).get('/health/ready').expect(200)).body).toEqual({ status: 'ok' });

    const metrics = (await request(t.http).get('/metrics').set(SCRAPER).expect(200)).text;
    expect(metrics).toMatch(/^notification_backlog\{channel="mail"\} 1$/m);
    expect(metrics).toMatch(/^notification_backlog\{channel="webhook"\} 1$/m);
    expect(metrics).toMatch(/^notification_backlog_failing\{channel="mail"\} 1$/m);
    expect(metrics).toMatch(/^notification_oldest_waiting_seconds\{channel="webhook"\} [0-9.]+$/m);

    // Everything else still works: another command, the board, the deadlines.
    await proposeProject(t.http, { title: 'Second device' });
    await request(t.http).get('/deadlines').set(OFFICE).expect(200);
  }, 60_000);
});
