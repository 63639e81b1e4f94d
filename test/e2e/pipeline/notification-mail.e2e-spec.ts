import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { enqueueMail, MailSender } from '@app/pipeline';
import { proposeProject } from '../support/fixtures';
import { LEAD, LEAD_AS_OFFICE, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

interface Received {
  messageId: string;
  to: string;
  raw: string;
}

interface Smtp {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

// A real SMTP server in the test: it keeps every message it accepts, each after `delayMs`.
async function startSmtp(delayMs = 0): Promise<Smtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () =>
        setTimeout(() => {
          received.push({ messageId: /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '', to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
          done();
        }, delayMs),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sha256 = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

// Notification mail (issue 16): SMTP_URL set, the API (embedded default: where projections run) queues and sends.
describe('notification mail (e2e)', () => {
  let t: TestApp;
  let smtp: Smtp;
  let project: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ RUN_PROJECTIONS: 'true', SMTP_URL: smtp.url, SMTP_FROM: 'Pipeline <notify@pipeline.example>' });
    project = await proposeProject(t.http);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('mails a gate decision once to the team member who asked for mail, Message-ID from the notification, HTML escaped', async () => {
    await request(t.http).post('/me/notification-preferences').set(LEAD).send({ email: true, emailAddress: 'chen@hospital.example' }).expect(200);
    const kill = await request(t.http)
      .post(`/projects/${project}/gate-decisions`)
      .set(OFFICE)
      .set('If-Match', '"0"')
      .send({ decision: 'kill', reason: 'Partner <script>alert(1)</script> & co withdrew', signature })
      .expect(200);
    const inbox = await request(t.http).get('/me/notifications').query({ position: kill.body.globalPosition }).set(LEAD).expect(200);
    const notification = inbox.body.items[0].id;
    await eventually('the mail', () => smtp.received.length > 0);
    // Two more passes of the sender change nothing.
    await new Promise((r) => setTimeout(r, 11_000));
    expect(smtp.received.map((m) => [m.to, m.messageId])).toEqual([['chen@hospital.example', `<${sha256(notification, 'dr-chen')}@pipeline.example>`]]);
    const raw = smtp.received[0].raw.replace(/=\r?\n/g, '');
    expect(raw).toMatch(/^Subject: Gate decision on Non-invasive blood-glucose detector/m);
    const html = raw.slice(raw.indexOf('Content-Type: text/html'));
    expect(html).toContain('Partner &lt;script&gt;alert(1)&lt;/script&gt; &amp; co withdrew');
    expect(html).not.toContain('<script>');
  }, 40_000);

  it('sends every queued mail exactly once when a sender is stopped mid-batch and another takes over', async () => {
    const slow = await startSmtp(150);
    try {
      await request(t.http).post('/me/notification-preferences').set(OFFICE).send({ email: true, emailAddress: 'office@hospital.example' }).expect(200);
      const clinician = await t.createUser({ username: 'dr-sari', name: 'dr. Sari', role: 'clinician' });
      for (let i = 0; i < 8; i++) {
        await request(t.http)
          .post('/ideas')
          .set(clinician)
          .send({ title: `Idea ${i}`, clinicalNeed: 'A need', summary: 'S', deviceType: 'd', therapeuticArea: 'a', institution: 'RS', department: 'D' })
          .expect(201);
      }
      const inbox = await eventually('the office inbox', async () => (await request(t.http).get('/me/notifications').set(OFFICE)).body.total === 8).then(() => true);
      expect(inbox).toBe(true);
      await enqueueMail(t.database.db);
      const transport = createTransport({ url: slow.url });
      const first = new MailSender(t.database.db, transport, 'notify@pipeline.example', undefined, { batchSize: 8 });
      const running = first.runOnce();
      await eventually('the first message', () => slow.received.length >= 1);
      first.stop();
      await running;
      const second = new MailSender(t.database.db, transport, 'notify@pipeline.example');
      await eventually('every message', async () => {
        await second.runOnce();
        return Number((await t.database.db.query<{ n: string | number }>("SELECT count(*) AS n FROM mail_outbox WHERE username = 'office-li' AND sent_at IS NULL")).rows[0].n) === 0;
      });
      // The API's own sender may have taken some of them to the first server: each arrives once, on one server or the other.
      const ideas = [...smtp.received, ...slow.received].filter((m) => m.to === 'office@hospital.example');
      const ids = ideas.map((m) => m.messageId);
      expect(ids).toHaveLength(8);
      expect(new Set(ids).size).toBe(8);
      expect(slow.received.length).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('mails a daily digest of the day before instead of single mails, once', async () => {
    const db = t.database.db;
    await request(t.http).post('/me/notification-preferences').set(LEAD_AS_OFFICE).send({ email: true, emailAddress: 'chen.office@hospital.example', dailyDigest: true }).expect(200);
    const clinician = await t.createUser({ username: 'dr-ayu', name: 'dr. Ayu', role: 'clinician' });
    const idea = await request(t.http)
      .post('/ideas')
      .set(clinician)
      .send({ title: 'Digest <me>', clinicalNeed: 'A need', summary: 'S', deviceType: 'd', therapeuticArea: 'a', institution: 'RS', department: 'D' })
      .expect(201);
    await request(t.http).get('/me/notifications').query({ position: idea.body.globalPosition }).set(LEAD_AS_OFFICE).expect(200);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = { now: () => new Date(Date.parse(today) + 86_400_000 + 3_600_000) };
    expect(await enqueueMail(db, tomorrow)).toBeGreaterThanOrEqual(1);
    const digests = (await db.query<{ id: string; subject: string; html_body: string }>("SELECT id, subject, html_body FROM mail_outbox WHERE username = 'dr-chen-office'")).rows;
    expect(digests).toEqual([{ id: sha256('digest', today, 'dr-chen-office'), subject: `Your notifications of ${today} (1)`, html_body: expect.stringContaining('Idea awaiting screening: Digest &lt;me&gt;') }]);
    await enqueueMail(db, tomorrow);
    expect((await db.query("SELECT id FROM mail_outbox WHERE username = 'dr-chen-office'")).rows).toHaveLength(1);
  });

  it('retries an unreachable SMTP server with backoff, without failing anything else', async () => {
    const db = t.database.db;
    const dead = await startSmtp();
    await dead.close();
    await db.query(
      `INSERT INTO mail_outbox (id, username, to_address, subject, text_body, html_body, created_at, next_attempt_at)
       VALUES ('retry-me', 'dr-chen', 'chen@hospital.example', 'S', 'T', '<p>T</p>', now(), now() + interval '1 day')`,
    );
    // Due only by the test's clock (two days ahead), so the API's own sender leaves it alone.
    let now = new Date(Date.now() + 2 * 86_400_000);
    const clock = { now: () => now };
    const failing = new MailSender(db, createTransport({ url: dead.url, connectionTimeout: 2_000 }), 'notify@pipeline.example', clock, { backoffMs: 1_000 });
    await failing.runOnce();
    const row = async () => (await db.query<{ attempts: number; next_attempt_at: Date; sent_at: Date | null; last_error: string | null }>("SELECT * FROM mail_outbox WHERE id = 'retry-me'")).rows[0];
    expect(await row()).toMatchObject({ attempts: 1, sent_at: null, last_error: expect.stringMatching(/ECONNREFUSED|connect/i) });
    expect(new Date((await row()).next_attempt_at).getTime()).toBe(now.getTime() + 1_000);
    // Not due yet: untouched. Then due, and sent by a working server.
    const working = new MailSender(db, createTransport({ url: smtp.url }), 'notify@pipeline.example', clock, { backoffMs: 1_000 });
    await working.runOnce();
    expect((await row()).sent_at).toBeNull();
    now = new Date(now.getTime() + 1_500);
    await working.runOnce();
    expect(await row()).toMatchObject({ attempts: 2, sent_at: expect.anything(), last_error: null });
    expect(smtp.received.filter((m) => m.messageId === '<retry-me@pipeline.example>')).toHaveLength(1);
  }, 30_000);
});
