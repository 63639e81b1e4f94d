// Scenario 8: deadlines and notifications (issue 16).
//  a. The "upcoming and overdue" view (GET /deadlines, as the web app asks for it) and a project's deadlines, over
//     HTTP against the API on the bench's data set, after scenario 4 rebuilt the read models (deadlines included).
//  b. Notifications delivered per second: the product's MailSender and WebhookSender (the notifier's own classes,
//     same batches, one message at a time, nodemailer's transport as the notifier configures it) draining an outbox of queued
//     mails to a local SMTP server (smtp-server) and deliveries to a local HTTP receiver, in a fresh database.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { migrateEventStore, migrateProjections } from '@app/event-store';
import { PostgresDatabase } from '@app/platform';
import { MailSender, mailTransportOptions, migrateReadModels, WebhookSender, newWebhookSecret } from '@app/pipeline';
import { actorHeaders, AUTH_ENV } from '../lib/actor';
import type { BenchDatabases } from '../lib/databases';
import { API_MAIN, startServer } from '../lib/processes';
import type { Report } from '../lib/report';
import { summarize } from '../lib/stats';

export interface UpcomingOptions {
  repeats: number;
  /** The data set's "today" (its deadlines are relative to it). */
  today: string;
}

export async function runUpcomingView(baseUrl: string, headers: Record<string, string>, url: string, report: Report, options: UpcomingOptions): Promise<void> {
  const db = new PostgresDatabase({ connectionString: url, max: 2 });
  let rows: { deadlines: number; projects: number };
  let someProject: string;
  try {
    const { rows: r } = await db.query<{ deadlines: string; projects: string; some: string }>(
      'SELECT count(*) AS deadlines, count(DISTINCT project_id) AS projects, min(project_id::text) AS some FROM deadlines',
    );
    rows = { deadlines: Number(r[0].deadlines), projects: Number(r[0].projects) };
    someProject = r[0].some;
    const { rows: p } = await db.query<{ n: string }>('SELECT count(*) AS n FROM pipeline_board');
    report.details.deadlinesDataSet = { ...rows, boardProjects: Number(p[0].n) };
  } finally {
    await db.close();
  }
  const q = `today=${options.today}`;
  const queries = [
    { name: 'upcoming and overdue view (90 days, page of 100)', path: `/deadlines?${q}&horizonDays=90&pageSize=100`, goal: 50 },
    { name: 'the same, one kind (PCT national phase)', path: `/deadlines?${q}&horizonDays=90&pageSize=100&kind=pct_national_phase`, goal: 50 },
    { name: 'the same, one year ahead', path: `/deadlines?${q}&horizonDays=365&pageSize=100`, goal: 50 },
    { name: "a project's deadlines", path: `/projects/${someProject}/deadlines?${q}`, goal: 50 },
  ];
  const details: Record<string, unknown> = {};
  for (const query of queries) {
    const samples: number[] = [];
    let total: number | null = null;
    for (let i = 0; i < options.repeats + 2; i++) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(baseUrl + query.path, { headers });
      const body = await res.text();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200) throw new Error(`${query.path} answered ${res.status}: ${body.slice(0, 300)}`);
      total = (JSON.parse(body) as { total?: number }).total ?? null;
      if (i >= 2) samples.push(ms);
    }
    const s = summarize(samples);
    details[query.name] = { path: query.path, total, ...s };
    report.add({
      scenario: '8 deadlines',
      metric: `${query.name}, ${rows.projects.toLocaleString('en-US')} projects with ${rows.deadlines.toLocaleString('en-US')} deadlines${total === null ? '' : ` (${total.toLocaleString('en-US')} listed)`}: p50 / p99 over ${options.repeats}`,
      unit: 'ms',
      ours: s.p99,
      oursText: `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} ms`,
      goal: 'p99 < 50 ms',
      met: s.p99 < query.goal,
    });
  }
  report.details.upcomingView = details;
}

export interface DeliveryOptions {
  messages: number;
}

export async function runNotificationDelivery(databases: BenchDatabases, report: Report, options: DeliveryOptions): Promise<void> {
  const url = await databases.create('notify');
  const db = new PostgresDatabase({ connectionString: url, max: 4 });
  let mails = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    // A local relay knows its clients: no reverse DNS lookup per connection (smtp-server's default does one).
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        mails += 1;
        done();
      });
    },
  });
  let hooks = 0;
  const receiver = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      hooks += 1;
      res.writeHead(204).end();
    });
  });
  try {
    await migrateEventStore(db);
    await migrateProjections(db);
    await migrateReadModels(db);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    let n = options.messages;
    const queue = async (round: string) => {
      const now = new Date().toISOString();
      await db.query(
        `INSERT INTO mail_outbox (id, username, to_address, subject, text_body, html_body, created_at, next_attempt_at)
         SELECT $1 || '-' || i, 'office-li', 'office@hospital.example', 'Gate decision on Device ' || i,
                'Go to clinical validation, signed by Li Na.', '<p><strong>Gate decision</strong><br>Go to clinical validation.</p>', $2, $2
           FROM generate_series(1, $3) i`,
        [round, now, n],
      );
      const hook = `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
      await db.query("INSERT INTO webhooks (id, url, secret, kinds, created_by, created_at) VALUES ($1, $2, $3, '[\"gate_decision\"]'::jsonb, 'ops-root', $4)", [hook, hookUrl, newWebhookSecret(), now]);
      await db.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, notification_id, kind, payload, created_at, next_attempt_at)
         SELECT $1 || '-' || i, $2, 'n-' || i, 'gate_decision',
                json_build_object('type', 'notification.gate_decision', 'data', json_build_object('id', 'n-' || i, 'title', 'Gate decision on Device ' || i))::text, $3, $3
           FROM generate_series(1, $4) i`,
        [round, hook, now, n],
      );
    };
    const mailSender = new MailSender(db, createTransport(mailTransportOptions(smtpUrl)), 'Pipeline <notify@pipeline.example>');
    const hookSender = new WebhookSender(db);
    const drain = async (send: () => Promise<number>) => {
      for (let sent = 0; sent < n; ) {
        const batch = await send();
        if (batch === 0) throw new Error(`a pass sent nothing after ${sent} of ${n}`);
        sent += batch;
      }
    };
    const timed = async (work: () => Promise<unknown>) => {
      const t0 = process.hrtime.bigint();
      await work();
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };

    // A short warm-up (connections, plans), then each channel alone, then both at once (as the notifier runs them,
    // in two loops). Each message is one commit (claimed, then marked sent): the rate follows the disk's fsync.
    n = 20;
    await queue('warm');
    await drain(() => mailSender.runOnce());
    await drain(() => hookSender.runOnce());
    await db.query('DELETE FROM mail_outbox');
    await db.query('DELETE FROM webhook_deliveries');
    await db.query('DELETE FROM webhooks');
    const warm = { mails, hooks };
    n = options.messages;
    await queue('a');
    const mailSeconds = await timed(() => drain(() => mailSender.runOnce()));
    const hookSeconds = await timed(() => drain(() => hookSender.runOnce()));
    await queue('b');
    const bothSeconds = await timed(() => Promise.all([drain(() => mailSender.runOnce()), drain(() => hookSender.runOnce())]));
    const expected = warm.mails + 2 * n;
    if (mails !== expected || hooks !== warm.hooks + 2 * n) throw new Error(`received ${mails} mails and ${hooks} webhooks, expected ${expected} each`);

    const rate = (count: number, seconds: number) => Math.round(count / seconds);
    report.add({ scenario: '8 notifications', metric: `mail to a local SMTP server, ${n.toLocaleString('en-US')} queued (one pooled connection, as configured)`, unit: 'messages/s', ours: rate(n, mailSeconds), oursText: `${rate(n, mailSeconds).toLocaleString('en-US')} messages/s (${mailSeconds.toFixed(1)} s)` });
    report.add({ scenario: '8 notifications', metric: `webhooks to a local HTTP receiver, ${n.toLocaleString('en-US')} queued (signed, one at a time)`, unit: 'deliveries/s', ours: rate(n, hookSeconds), oursText: `${rate(n, hookSeconds).toLocaleString('en-US')} deliveries/s (${hookSeconds.toFixed(1)} s)` });
    report.add({
      scenario: '8 notifications',
      metric: `both channels at once, ${n.toLocaleString('en-US')} each`,
      unit: 'messages/s',
      ours: rate(2 * n, bothSeconds),
      oursText: `${rate(2 * n, bothSeconds).toLocaleString('en-US')} messages/s (${bothSeconds.toFixed(1)} s)`,
    });
    report.details.notificationDelivery = { messages: n, mailSeconds, hookSeconds, bothSeconds };
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await db.close();
  }
}

export interface SyntheticOptions {
  projects: number;
  repeats: number;
}

const SYNTHETIC_KINDS = ['priority_year', 'pct_national_phase', 'trial_registration', 'results_posting', 'deficiency_response', 'review_decision', 'ethics_renewal'];

/**
 * The upcoming view over `projects` projects without the event data set (whose load and full rebuild take most of an
 * hour on a shared 2-core machine): a fresh database migrated by the API itself, the deadlines read model filled
 * with rows shaped as the projection writes them (five or six per project, kinds, offices, owners and teams spread,
 * due dates from eight years back to two years ahead, about 60 % closed), then the same requests as above.
 */
export async function runUpcomingViewSynthetic(databases: BenchDatabases, report: Report, options: SyntheticOptions): Promise<void> {
  const url = await databases.create('deadlines');
  const api = await startServer(API_MAIN, { DATABASE_URL: url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', RUN_PROJECTIONS: 'false', ...AUTH_ENV }, 3951);
  const db = new PostgresDatabase({ connectionString: url, max: 2 });
  try {
    const headers = { 'content-type': 'application/json', ...(await actorHeaders(api.baseUrl)) };
    const today = '2026-06-01';
    await db.query(
      `INSERT INTO deadline_projects (project_id, state, sources, last_event_id, last_position)
       SELECT overlay(overlay(md5('p' || i) placing '4' from 13) placing '8' from 17)::uuid, '{}'::jsonb, '{}'::jsonb, overlay(overlay(md5('e' || i) placing '4' from 13) placing '8' from 17)::uuid, i FROM generate_series(1, $1) i`,
      [options.projects],
    );
    await db.query(
      `INSERT INTO deadlines (project_id, deadline_id, kind, title, project_title, project_status, owner_id, team_ids, record_kind, record_id,
                              jurisdiction, starts_on, due_on, closed_on, source, source_events, closed_by, updated_at)
       SELECT overlay(overlay(md5('p' || i) placing '4' from 13) placing '8' from 17)::uuid, k.kind || ':r' || j, k.kind, 'Deadline ' || j || ' of project ' || i, 'Device project ' || i,
              CASE WHEN i % 7 = 0 THEN 'terminated' WHEN i % 11 = 0 THEN 'on_hold' ELSE 'active' END,
              'dr-' || (i % 300), jsonb_build_array('dr-' || (i % 300), 'nurse-' || (i % 50)), 'patent', 'r' || j,
              (ARRAY['CN', 'US', 'SG', 'EP', 'ID'])[1 + (i + j) % 5],
              to_char(d.due - 365, 'YYYY-MM-DD'), to_char(d.due, 'YYYY-MM-DD'),
              CASE WHEN (i * 31 + j * 17) % 10 < 6 THEN to_char(d.due - ((i + j) % 40), 'YYYY-MM-DD') END,
              'rule source', '[]'::jsonb, '[]'::jsonb, now()
         FROM generate_series(1, $1) i
         CROSS JOIN generate_series(1, 5 + (i % 2)) j
         CROSS JOIN LATERAL (SELECT ($2::date - 2920 + ((i * 7919 + j * 104729) % 3650))::date AS due) d
         CROSS JOIN LATERAL (SELECT (ARRAY[${SYNTHETIC_KINDS.map((k) => `'${k}'`).join(', ')}])[1 + (i + j * 3) % ${SYNTHETIC_KINDS.length}] AS kind) k`,
      [options.projects, today],
    );
    await db.query('ANALYZE deadlines');
    const { rows } = await db.query<{ n: string; open: string }>('SELECT count(*) AS n, count(*) FILTER (WHERE closed_on IS NULL) AS open FROM deadlines');
    const label = `${options.projects.toLocaleString('en-US')} projects, ${Number(rows[0].n).toLocaleString('en-US')} deadlines (${Number(rows[0].open).toLocaleString('en-US')} open)`;
    const someProject = (await db.query<{ id: string }>("SELECT overlay(overlay(md5('p1') placing '4' from 13) placing '8' from 17)::uuid::text AS id")).rows[0].id;
    const q = `today=${today}`;
    const queries = [
      { name: 'upcoming and overdue view (90 days, page of 100)', path: `/deadlines?${q}&horizonDays=90&pageSize=100` },
      { name: 'the same, one kind (PCT national phase)', path: `/deadlines?${q}&horizonDays=90&pageSize=100&kind=pct_national_phase` },
      { name: 'the same, one lead clinician', path: `/deadlines?${q}&horizonDays=90&pageSize=100&owner=dr-7` },
      { name: "a project's deadlines", path: `/projects/${someProject}/deadlines?${q}` },
    ];
    const details: Record<string, unknown> = {};
    for (const query of queries) {
      const samples: number[] = [];
      let total: number | null = null;
      for (let i = 0; i < options.repeats + 2; i++) {
        const t0 = process.hrtime.bigint();
        const res = await fetch(api.baseUrl + query.path, { headers });
        const body = await res.text();
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.status !== 200) throw new Error(`${query.path} answered ${res.status}: ${body.slice(0, 300)}`);
        total = (JSON.parse(body) as { total?: number }).total ?? null;
        if (i >= 2) samples.push(ms);
      }
      const s = summarize(samples);
      details[query.name] = { path: query.path, total, ...s };
      report.add({
        scenario: '8 deadlines',
        metric: `${query.name}, ${label}${total === null ? '' : `, ${total.toLocaleString('en-US')} listed`}: p50 / p99 over ${options.repeats}`,
        unit: 'ms',
        ours: s.p99,
        oursText: `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} ms`,
        goal: 'p99 < 50 ms',
        met: s.p99 < 50,
      });
    }
    report.details.upcomingViewSynthetic = { projects: options.projects, deadlines: Number(rows[0].n), open: Number(rows[0].open), ...details };
  } finally {
    await db.close();
    await api.stop();
  }
}
