import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { SqlExecutor } from '@app/platform';
import { Clock, systemClock } from './reminder-scheduler';

const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** Of a receiver's answer, only this much is kept in the delivery log. */
export const RESPONSE_EXCERPT = 200;
/** Deliveries stop being retried after this many attempts (about a day with the default backoff). */
export const MAX_ATTEMPTS = 30;

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed by the secret's base64 after `whsec_`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * A webhook URL: http(s) only, and never this service itself (its own port on a loopback or its listening address),
 * so a webhook cannot call the API with a notification. Returns the problem, or null.
 */
export function webhookUrlProblem(raw: string, self: { host: string; port: number }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must be http or https';
  if (url.username || url.password) return 'url may not carry credentials';
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const local = ['localhost', '127.0.0.1', '::1', '0.0.0.0', self.host.toLowerCase()].includes(host) || /^127\./.test(host);
  if (local && port === self.port) return 'url may not point at this service';
  return null;
}

export interface WebhookView {
  id: string;
  url: string;
  kinds: string[];
  createdBy: string;
  createdAt: string;
}

interface WebhookRow {
  id: string;
  url: string;
  kinds: string[];
  created_by: string;
  created_at: Date | string;
}

const view = (w: WebhookRow): WebhookView => ({ id: w.id, url: w.url, kinds: w.kinds, createdBy: w.created_by, createdAt: new Date(w.created_at).toISOString() });

export async function registerWebhook(db: SqlExecutor, url: string, kinds: string[], by: string, now = new Date()): Promise<WebhookView & { secret: string }> {
  const secret = newWebhookSecret();
  const { rows } = await db.query<WebhookRow>(
    'INSERT INTO webhooks (id, url, secret, kinds, created_by, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id, url, kinds, created_by, created_at',
    [randomUUID(), url, secret, JSON.stringify(kinds), by, now.toISOString()],
  );
  return { ...view(rows[0]), secret };
}

export async function listWebhooks(db: SqlExecutor): Promise<WebhookView[]> {
  return (await db.query<WebhookRow>('SELECT id, url, kinds, created_by, created_at FROM webhooks ORDER BY created_at, id')).rows.map(view);
}

export async function removeWebhook(db: SqlExecutor, id: string): Promise<boolean> {
  await db.query('DELETE FROM webhook_deliveries WHERE webhook_id = $1 AND delivered_at IS NULL', [id]);
  return (await db.query('DELETE FROM webhooks WHERE id = $1', [id])).rowCount > 0;
}

export interface DeliveryView {
  id: string;
  notificationId: string;
  kind: string;
  createdAt: string;
  attempts: number;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  lastResponse: string | null;
}

export async function deliveriesOf(db: SqlExecutor, webhookId: string, limit: number): Promise<DeliveryView[] | null> {
  const { rows: hook } = await db.query('SELECT 1 FROM webhooks WHERE id = $1', [webhookId]);
  if (hook.length === 0) return null;
  const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id LIMIT $2', [webhookId, limit]);
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  return rows.map((d) => ({
    id: String(d.id),
    notificationId: String(d.notification_id),
    kind: String(d.kind),
    createdAt: iso(d.created_at)!,
    attempts: Number(d.attempts),
    deliveredAt: iso(d.delivered_at),
    nextAttemptAt: d.delivered_at ? null : iso(d.next_attempt_at),
    lastAttemptAt: iso(d.last_attempt_at),
    lastStatus: d.last_status === null ? null : Number(d.last_status),
    lastError: (d.last_error as string | null) ?? null,
    lastResponse: (d.last_response as string | null) ?? null,
  }));
}

/**
 * Queues one delivery per notification (of the inbox's projection: gate decisions, ideas) and webhook, for
 * notifications from the webhook's registration on, of the kinds it asked for. The delivery id, sha256 of the
 * notification id and the webhook id, is the `webhook-id` receivers deduplicate by; ON CONFLICT DO NOTHING, so a
 * second pass or a rebuilt inbox queues nothing twice.
 */
export async function enqueueWebhooks(db: SqlExecutor, clock: Clock = systemClock): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO webhook_deliveries (id, webhook_id, notification_id, kind, payload, created_at, next_attempt_at)
     SELECT d.id, w.id, n.id, n.kind,
            json_build_object('type', 'notification.' || n.kind, 'timestamp', n.created_at,
              'data', json_build_object('id', n.id, 'kind', n.kind, 'projectId', n.project_id, 'title', n.title, 'body', n.body, 'eventId', n.event_id))::text,
            $1, $1
       FROM webhooks w
       JOIN notifications n ON n.created_at >= w.created_at AND w.kinds @> jsonb_build_array(n.kind)
       CROSS JOIN LATERAL (SELECT encode(sha256(convert_to(n.id || E'\\n' || w.id::text, 'UTF8')), 'hex') AS id) d
      WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries x WHERE x.id = d.id)
     ON CONFLICT (id) DO NOTHING`,
    [clock.now().toISOString()],
  );
  return rowCount;
}

interface DueDelivery {
  id: string;
  url: string;
  secret: string;
  payload: string;
  attempts: number;
}

/**
 * Posts due deliveries, signed as Standard Webhooks describe (webhook-id, webhook-timestamp, webhook-signature), one
 * at a time with a timeout, no redirects followed. A 2xx answer delivers; anything else is tried again after 30 s,
 * doubling up to an hour, at most MAX_ATTEMPTS times. Each attempt's status and the first RESPONSE_EXCERPT characters of
 * the answer go to the delivery log.
 */
export class WebhookSender {
  private readonly logger = new Logger('Webhooks');
  private stopping = false;

  constructor(
    private readonly db: SqlExecutor,
    private readonly clock: Clock = systemClock,
    private readonly options: { batchSize?: number; backoffMs?: number; timeoutMs?: number; mayContinue?: () => boolean } = {},
  ) {}

  stop(): void {
    this.stopping = true;
  }

  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const { rows } = await this.db.query<DueDelivery>(
      `UPDATE webhook_deliveries d SET claimed_until = $1::timestamptz + make_interval(secs => $2::int / 1000.0)
         FROM webhooks w
        WHERE w.id = d.webhook_id AND d.id IN (
              SELECT id FROM webhook_deliveries
               WHERE delivered_at IS NULL AND attempts < $4 AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
               ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING d.id, w.url, w.secret, d.payload, d.attempts`,
      [now.toISOString(), LEASE_MS, this.options.batchSize ?? 20, MAX_ATTEMPTS],
    );
    let delivered = 0;
    for (const [i, d] of rows.entries()) {
      if (this.stopping || this.options.mayContinue?.() === false) {
        await this.db.query('UPDATE webhook_deliveries SET claimed_until = NULL WHERE id = ANY($1::text[])', [rows.slice(i).map((r) => r.id)]);
        break;
      }
      const timestamp = Math.floor(this.clock.now().getTime() / 1000);
      let status: number | null = null;
      let excerpt: string | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'medtech-pipeline-webhooks',
            'webhook-id': d.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(d.secret, d.id, timestamp, d.payload),
          },
          body: d.payload,
        });
        status = res.status;
        excerpt = (await res.text().catch(() => '')).slice(0, RESPONSE_EXCERPT);
      } catch (e) {
        error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      }
      const ok = status !== null && status >= 200 && status < 300;
      const attempts = Number(d.attempts) + 1;
      const wait = Math.min((this.options.backoffMs ?? 30_000) * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      const at = this.clock.now();
      await this.db.query(
        `UPDATE webhook_deliveries SET attempts = $2, claimed_until = NULL, last_attempt_at = $3, last_status = $4, last_response = $5,
                last_error = $6, delivered_at = CASE WHEN $7 THEN $3::timestamptz END, next_attempt_at = $8
          WHERE id = $1`,
        [d.id, attempts, at.toISOString(), status, excerpt, ok ? null : (error ?? `HTTP ${status}`), ok, new Date(at.getTime() + wait).toISOString()],
      );
      if (ok) delivered += 1;
      else this.logger.warn(`Webhook delivery ${d.id} failed (attempt ${attempts}): ${error ?? `HTTP ${status}`}`);
    }
    return delivered;
  }
}

/** How many deliveries wait, how many of those failed, how many were given up, since when the oldest waits. */
export async function webhookBacklog(db: SqlExecutor): Promise<{ pending: number; failing: number; givenUp: number; oldestSince: string | null }> {
  const { rows } = await db.query<{ pending: string | number; failing: string | number; given_up: string | number; oldest: Date | string | null }>(
    `SELECT count(*) FILTER (WHERE attempts < $1) AS pending, count(*) FILTER (WHERE attempts > 0 AND attempts < $1) AS failing,
            count(*) FILTER (WHERE attempts >= $1) AS given_up, min(created_at) FILTER (WHERE attempts < $1) AS oldest
       FROM webhook_deliveries WHERE delivered_at IS NULL`,
    [MAX_ATTEMPTS],
  );
  const r = rows[0];
  return { pending: Number(r.pending), failing: Number(r.failing), givenUp: Number(r.given_up), oldestSince: r.oldest ? new Date(r.oldest).toISOString() : null };
}
