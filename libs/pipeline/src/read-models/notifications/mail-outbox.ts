import { Logger } from '@nestjs/common';
import type { SqlExecutor } from '@app/platform';
import { defaultPreferences, NotificationPreferences, VISIBLE, visibleParams } from './inbox';
import { notificationId } from './notifications.projection';
import { Clock, systemClock } from './reminder-scheduler';

const DAY_MS = 86_400_000;
// Digests for days missed while the notifier was down are made up to this far back.
const DIGEST_CATCH_UP_DAYS = 7;
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** Every user-typed value goes into mail HTML through this. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// A subject is one line: a line break in a title must not start a header.
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').slice(0, 200);
}

export interface MailNotification {
  title: string;
  body: string;
}

/** Plain text plus simple HTML, every user-typed value escaped. */
export function renderMail(items: readonly MailNotification[], heading: string | null): { subject: string; text: string; html: string } {
  const footer = 'Your inbox and what you hear of: the pipeline app, Notifications.';
  const subject = oneLine(heading ?? items[0].title);
  const text = [...(heading ? [heading, ''] : []), ...items.flatMap((n) => [n.title, n.body, '']), '--', footer].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    ...(heading ? [`<h1 style="font-size: 1.2em">${escapeHtml(heading)}</h1>`] : []),
    ...items.map((n) => `<p><strong>${escapeHtml(n.title)}</strong><br>${escapeHtml(n.body)}</p>`),
    `<p style="color: #666">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

interface Subscriber {
  username: string;
  person_id: string;
  role: string;
  preferences: Partial<NotificationPreferences>;
}

interface Candidate {
  id: string;
  title: string;
  body: string;
  created_at: Date | string;
}

/**
 * Queues mail for the accounts that turned it on: each notification they hear of from the moment they did (or, with
 * the daily digest, one mail per past day), one outbox row per notification and account whose id is derived from both,
 * inserted with ON CONFLICT DO NOTHING. A second pass, a second process or a rebuilt inbox queues nothing twice.
 */
export async function enqueueMail(db: SqlExecutor, clock: Clock = systemClock): Promise<number> {
  const now = clock.now();
  const { rows: subscribers } = await db.query<Subscriber>(
    `SELECT p.username, u.person_id, u.role, p.preferences
       FROM notification_preferences p JOIN auth_users u ON u.username = p.username
      WHERE u.status = 'active' AND p.preferences->>'email' = 'true'`,
  );
  let queued = 0;
  for (const s of subscribers) {
    const prefs = { ...defaultPreferences(), ...s.preferences };
    if (!prefs.emailAddress || !prefs.emailSince) continue;
    const r = { username: s.username, personId: s.person_id, role: s.role };
    const params = [...visibleParams(r, prefs), prefs.kinds];
    const insert = async (id: string, items: MailNotification[], heading: string | null) => {
      const mail = renderMail(items, heading);
      const { rowCount } = await db.query(
        `INSERT INTO mail_outbox (id, username, to_address, subject, text_body, html_body, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO NOTHING`,
        [id, s.username, prefs.emailAddress, mail.subject, mail.text, mail.html, now.toISOString()],
      );
      queued += rowCount;
    };
    if (!prefs.dailyDigest) {
      // Not yet queued for this account (the outbox id is sha256 of the notification id and the username).
      const { rows } = await db.query<Candidate>(
        `SELECT n.id, n.title, n.body, n.created_at FROM (${VISIBLE}) n
          WHERE n.kind = ANY($5::text[]) AND n.created_at >= $6
            AND NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id = encode(sha256(convert_to(n.id || E'\\n' || $4::text, 'UTF8')), 'hex'))
          ORDER BY n.created_at, n.id LIMIT 500`,
        [...params, prefs.emailSince],
      );
      for (const n of rows) await insert(notificationId(n.id, s.username), [n], null);
      continue;
    }
    // One digest per past UTC day since mail was turned on: each notification falls in exactly one day.
    const today = Date.parse(now.toISOString().slice(0, 10));
    const since = Date.parse(prefs.emailSince.slice(0, 10));
    for (let day = Math.max(since, today - DIGEST_CATCH_UP_DAYS * DAY_MS); day < today; day += DAY_MS) {
      const date = new Date(day).toISOString().slice(0, 10);
      const id = notificationId('digest', date, s.username);
      const { rows: known } = await db.query('SELECT 1 FROM mail_outbox WHERE id = $1', [id]);
      if (known.length > 0) continue;
      const { rows } = await db.query<Candidate>(
        `SELECT n.id, n.title, n.body, n.created_at FROM (${VISIBLE}) n
          WHERE n.kind = ANY($5::text[]) AND n.created_at >= greatest($6::timestamptz, $7::timestamptz) AND n.created_at < $8::timestamptz
          ORDER BY n.created_at, n.id LIMIT 200`,
        [...params, prefs.emailSince, new Date(day).toISOString(), new Date(day + DAY_MS).toISOString()],
      );
      if (rows.length > 0) await insert(id, rows, `Your notifications of ${date} (${rows.length})`);
    }
  }
  return queued;
}

export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string; html: string; messageId: string; headers?: Record<string, string> }): Promise<unknown>;
}

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

/** The domain of the sender's address, for Message-IDs. */
export function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'localhost';
}

/**
 * Sends the outbox: claims a batch (a lease, so two processes never send the same row), sends one message at a time
 * with a Message-ID derived from the row's id (itself from the notification and the account), and marks it sent. A
 * failure waits (30 s, doubling, up to an hour) and is tried again; nothing else waits for the SMTP server. Stopping
 * finishes the message in flight and hands the rest of the batch back.
 */
export class MailSender {
  private readonly logger = new Logger('Mail');
  private stopping = false;

  constructor(
    private readonly db: SqlExecutor,
    private readonly transport: MailTransport,
    private readonly from: string,
    private readonly clock: Clock = systemClock,
    private readonly options: { batchSize?: number; backoffMs?: number; mayContinue?: () => boolean } = {},
  ) {}

  stop(): void {
    this.stopping = true;
  }

  /** One batch; returns how many messages were sent. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const { rows } = await this.db.query<OutboxRow>(
      `UPDATE mail_outbox SET claimed_until = $1::timestamptz + make_interval(secs => $2::int / 1000.0)
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE sent_at IS NULL AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
                      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, subject, text_body, html_body, attempts`,
      [now.toISOString(), LEASE_MS, this.options.batchSize ?? 20],
    );
    rows.sort((a, b) => a.id.localeCompare(b.id));
    let sent = 0;
    for (const [i, row] of rows.entries()) {
      if (this.stopping || this.options.mayContinue?.() === false) {
        const rest = rows.slice(i).map((r) => r.id);
        await this.db.query('UPDATE mail_outbox SET claimed_until = NULL WHERE id = ANY($1::text[]) AND sent_at IS NULL', [rest]);
        break;
      }
      try {
        await this.transport.sendMail({
          from: this.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: `<${row.id}@${domainOf(this.from)}>`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        await this.db.query('UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = $1', [row.id, this.clock.now().toISOString()]);
        sent += 1;
      } catch (error) {
        const attempts = Number(row.attempts) + 1;
        const wait = Math.min((this.options.backoffMs ?? 30_000) * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        await this.db.query('UPDATE mail_outbox SET attempts = $2, next_attempt_at = $3, claimed_until = NULL, last_error = $4 WHERE id = $1', [
          row.id,
          attempts,
          new Date(this.clock.now().getTime() + wait).toISOString(),
          message,
        ]);
        this.logger.warn(`Mail ${row.id} failed (attempt ${attempts}, next in ${Math.round(wait / 1000)} s): ${message}`);
      }
    }
    return sent;
  }
}

export interface Backlog {
  /** Waiting to be sent (or retried). */
  pending: number;
  /** Of those, tried at least once and failed. */
  failing: number;
  /** Given up (webhooks after MAX_ATTEMPTS); never for mail, which is retried hourly for ever. */
  givenUp: number;
  /** When the oldest waiting one was queued, or null. */
  oldestSince: string | null;
}

/** How much mail waits, how much of it failed, and since when the oldest waits (readiness, metrics). */
export async function mailBacklog(db: SqlExecutor): Promise<Backlog> {
  const { rows } = await db.query<{ pending: string | number; failing: string | number; oldest: Date | string | null }>(
    'SELECT count(*) AS pending, count(*) FILTER (WHERE attempts > 0) AS failing, min(created_at) AS oldest FROM mail_outbox WHERE sent_at IS NULL',
  );
  return { pending: Number(rows[0].pending), failing: Number(rows[0].failing), givenUp: 0, oldestSince: rows[0].oldest ? new Date(rows[0].oldest).toISOString() : null };
}

/**
 * Hands back every claim on unsent mail and undelivered webhooks. Only the active notifier claims (one at a time,
 * see Notifier), so when a notifier becomes active every claim it finds was left by one that died (SIGKILL, lost
 * connection) between claiming and recording: those messages go out again at once, with the same Message-ID or
 * webhook-id, instead of after the lease. Returns how many were handed back.
 */
export async function releaseStaleClaims(db: SqlExecutor): Promise<{ mail: number; webhooks: number }> {
  const mail = await db.query('UPDATE mail_outbox SET claimed_until = NULL WHERE sent_at IS NULL AND claimed_until IS NOT NULL');
  const webhooks = await db.query('UPDATE webhook_deliveries SET claimed_until = NULL WHERE delivered_at IS NULL AND claimed_until IS NOT NULL');
  return { mail: mail.rowCount, webhooks: webhooks.rowCount };
}
