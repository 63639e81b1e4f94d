import { problem, ProblemError } from '@app/platform';
import type { SqlExecutor } from '@app/platform';
import { personKey } from '../../domain';
import { NOTIFICATION_KINDS, NotificationKind } from './notifications.projection';

/** An account as the inbox knows it. */
export interface Recipient {
  username: string;
  personId: string;
  role: string;
}

export const DEADLINE_HORIZONS = [30, 7, 1] as const;

export interface NotificationPreferences {
  /** The kinds the account hears of (inbox and mail). */
  kinds: NotificationKind[];
  /** Projects the account follows beyond those it is on: their gate decisions reach it too. */
  follows: string[];
  /** Days before a deadline at which to be reminded, e.g. 30, 7, 1. */
  deadlineHorizonDays: number[];
  /** A reminder once a deadline is overdue. */
  overdue: boolean;
  /** Mail each notification (when the server has SMTP_URL). */
  email: boolean;
  /** One mail a day with everything new instead of single mails. */
  dailyDigest: boolean;
  /** Where mail goes (accounts carry no address of their own). */
  emailAddress: string | null;
  /** Set when mail was turned on: notifications from then on are mailed, none from before. */
  emailSince: string | null;
}

export function defaultPreferences(): NotificationPreferences {
  return { kinds: [...NOTIFICATION_KINDS], follows: [], deadlineHorizonDays: [...DEADLINE_HORIZONS], overdue: true, email: false, dailyDigest: false, emailAddress: null, emailSince: null };
}

export async function preferencesOf(db: SqlExecutor, username: string): Promise<NotificationPreferences> {
  const { rows } = await db.query<{ preferences: Partial<NotificationPreferences> }>('SELECT preferences FROM notification_preferences WHERE username = $1', [username]);
  return { ...defaultPreferences(), ...(rows[0]?.preferences ?? {}) };
}

export async function savePreferences(db: SqlExecutor, username: string, changes: Partial<NotificationPreferences>, now = new Date()): Promise<NotificationPreferences> {
  // Fields left out (undefined on the request's class instance) stay as they are.
  const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const before = await preferencesOf(db, username);
  const next = { ...before, ...given };
  if (next.email && !next.emailAddress) {
    throw new ProblemError(problem(400, 'email_address_required', 'E-mail address required', { detail: 'Set emailAddress to receive mail.' }));
  }
  next.emailSince = next.email ? (before.email ? before.emailSince : now.toISOString()) : null;
  next.deadlineHorizonDays = [...next.deadlineHorizonDays].sort((a, b) => b - a);
  await db.query(
    `INSERT INTO notification_preferences (username, preferences, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (username) DO UPDATE SET preferences = EXCLUDED.preferences, updated_at = EXCLUDED.updated_at`,
    [username, JSON.stringify(next)],
  );
  return next;
}

export interface InboxItem {
  id: string;
  kind: string;
  projectId: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

interface InboxRow {
  id: string;
  kind: string;
  project_id: string | null;
  title: string;
  body: string;
  created_at: Date | string;
  read_at: Date | string | null;
}

// Every notification an account may see, whether read or not: addressed to its person, its role, or a project it was
// on when it happened or follows; then its reminders. Parameters: $1 person key, $2 role, $3 follows, $4 username.
export const VISIBLE = `
  SELECT id, kind, project_id, title, body, created_at FROM notifications
   WHERE audience = 'person:' || $1::text OR audience = 'role:' || $2::text
      OR (audience = 'project' AND (people @> jsonb_build_array($1::text) OR project_id = ANY($3::uuid[])))
  UNION ALL
  SELECT id, kind, project_id, title, body, created_at FROM notification_reminders WHERE username = $4::text`;

export function visibleParams(r: Recipient, prefs: NotificationPreferences): unknown[] {
  return [personKey(r.personId), r.role, prefs.follows, r.username];
}

/** The account's inbox, unread first, newest first within each, a page at a time. */
export async function inboxOf(db: SqlExecutor, r: Recipient, page: number, pageSize: number): Promise<{ total: number; unread: number; items: InboxItem[] }> {
  const prefs = await preferencesOf(db, r.username);
  const params = [...visibleParams(r, prefs), prefs.kinds];
  const from = `FROM (${VISIBLE}) n LEFT JOIN notification_reads r ON r.username = $4 AND r.notification_id = n.id WHERE n.kind = ANY($5::text[])`;
  const [{ rows: counts }, { rows }] = await Promise.all([
    db.query<{ total: string | number; unread: string | number }>(`SELECT count(*) AS total, count(*) FILTER (WHERE r.read_at IS NULL) AS unread ${from}`, params),
    db.query<InboxRow>(
      `SELECT n.*, r.read_at ${from} ORDER BY (r.read_at IS NULL) DESC, n.created_at DESC, n.id LIMIT $6 OFFSET $7`,
      [...params, pageSize, (page - 1) * pageSize],
    ),
  ]);
  const iso = (v: Date | string) => new Date(v).toISOString();
  return {
    total: Number(counts[0].total),
    unread: Number(counts[0].unread),
    items: rows.map((n) => ({ id: n.id, kind: n.kind, projectId: n.project_id, title: n.title, body: n.body, createdAt: iso(n.created_at), readAt: n.read_at === null ? null : iso(n.read_at) })),
  };
}

/** Marks one of the account's notifications read (the first time counts); false when it cannot see it. */
export async function markRead(db: SqlExecutor, r: Recipient, id: string): Promise<boolean> {
  const prefs = await preferencesOf(db, r.username);
  const { rows } = await db.query(`SELECT 1 FROM (${VISIBLE}) n WHERE n.id = $5`, [...visibleParams(r, prefs), id]);
  if (rows.length === 0) return false;
  await db.query('INSERT INTO notification_reads (username, notification_id, read_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING', [r.username, id]);
  return true;
}

/** Marks everything the account can see read; returns how many were unread. */
export async function markAllRead(db: SqlExecutor, r: Recipient): Promise<number> {
  const prefs = await preferencesOf(db, r.username);
  const { rowCount } = await db.query(
    `INSERT INTO notification_reads (username, notification_id, read_at) SELECT $4, n.id, now() FROM (${VISIBLE}) n ON CONFLICT DO NOTHING`,
    visibleParams(r, prefs),
  );
  return rowCount;
}
