import { createHash, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { SqlDatabase } from '@app/platform';

// 256 bits, base64url: the whole credential of a feed. Only its sha256 is stored, so the table leaks no feed.
export const FEED_SECRET = /^[A-Za-z0-9_-]{43}$/;

export function newFeedSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function feedSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface FeedOwner {
  username: string;
  personId: string;
  role: string;
}

/** Makes or replaces the account's feed secret; the old URL stops working at once. */
export async function rotateFeed(db: SqlDatabase, owner: FeedOwner): Promise<{ secret: string; createdAt: string }> {
  const secret = newFeedSecret();
  const { rows } = await db.query<{ created_at: Date | string }>(
    `INSERT INTO calendar_feeds (username, person_id, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (username) DO UPDATE SET person_id = EXCLUDED.person_id, role = EXCLUDED.role, secret_hash = EXCLUDED.secret_hash, created_at = EXCLUDED.created_at
     RETURNING created_at`,
    [owner.username, owner.personId, owner.role, feedSecretHash(secret)],
  );
  return { secret, createdAt: new Date(rows[0].created_at).toISOString() };
}

export async function revokeFeed(db: SqlDatabase, username: string): Promise<boolean> {
  return (await db.query('DELETE FROM calendar_feeds WHERE username = $1', [username])).rowCount > 0;
}

/** The feed's owner as the accounts stand now: none for an unknown secret, or an account no longer active. */
export async function feedOwnerOf(db: SqlDatabase, secret: string): Promise<FeedOwner | null> {
  if (!FEED_SECRET.test(secret)) return null;
  const { rows } = await db.query<{ username: string; person_id: string; role: string; status: string | null; current_role: string | null }>(
    // A locked or changed account counts as it is now (the identity module's table; absent for an OIDC-only user).
    `SELECT f.username, f.person_id, f.role, u.status, u.role AS current_role
       FROM calendar_feeds f LEFT JOIN auth_users u ON u.username = f.username
      WHERE f.secret_hash = $1`,
    [feedSecretHash(secret)],
  );
  const row = rows[0];
  if (!row || (row.status !== null && row.status !== 'active')) return null;
  return { username: row.username, personId: row.person_id, role: row.current_role ?? row.role };
}

interface FeedRow {
  project_id: string;
  deadline_id: string;
  kind: string;
  title: string;
  project_title: string;
  due_on: string;
  source: string;
  record_kind: string;
  record_id: string;
}

/**
 * The owner's open deadlines as an iCalendar file: a clinician's are those of the projects whose team has them,
 * everyone else's the portfolio's. One all-day event per deadline, with a uid stable across fetches.
 */
export async function feedCalendar(db: SqlDatabase, owner: FeedOwner, today: string): Promise<string> {
  const mine = owner.role === 'clinician';
  const { rows } = await db.query<FeedRow>(
    `SELECT project_id, deadline_id, kind, title, project_title, due_on, source, record_kind, record_id FROM deadlines
      WHERE closed_on IS NULL AND due_on >= $1 ${mine ? 'AND team_ids @> jsonb_build_array($2::text)' : ''}
      ORDER BY due_on, project_id, deadline_id LIMIT 2000`,
    mine ? [overdueFrom(today), owner.personId] : [overdueFrom(today)],
  );
  const calendar = ical({ name: 'Project deadlines', prodId: { company: 'medtech-pipeline', product: 'deadlines', language: 'EN' } });
  for (const d of rows) {
    calendar.createEvent({
      id: `${d.project_id}/${d.deadline_id}@medtech-pipeline`,
      start: new Date(`${d.due_on}T00:00:00Z`),
      allDay: true,
      summary: `${d.title} (${d.project_title})`,
      description: `${d.kind} of ${d.record_kind} ${d.record_id}, project ${d.project_id}. Source: ${d.source}`,
    });
  }
  return calendar.toString();
}

// Overdue deadlines stay in the feed for a year, so a calendar still shows what was missed.
function overdueFrom(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString().slice(0, 10);
}
