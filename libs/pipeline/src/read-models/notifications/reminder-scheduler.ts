import type { SqlExecutor } from '@app/platform';
import { addDays } from '../../domain';
import { defaultPreferences, NotificationPreferences } from './inbox';
import { notificationId } from './notifications.projection';

/** Where the time comes from: the system's clock, or a test's. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

const DAY_MS = 86_400_000;
// The furthest horizon a preference may ask for (notification-preferences allows 1..366 days).
const MAX_HORIZON_DAYS = 366;

/**
 * The one reminder a deadline `daysLeft` away earns now under `prefs` (pure): the nearest chosen horizon not yet
 * passed ('30', '7', '1': a deadline first seen 5 days out reminds at 7, never at 30 too), 'overdue' once past it,
 * or null. Its id carries the horizon, so each horizon reminds once.
 */
export function reminderHorizon(daysLeft: number, prefs: Pick<NotificationPreferences, 'deadlineHorizonDays' | 'overdue'>): string | null {
  if (daysLeft < 0) return prefs.overdue ? 'overdue' : null;
  const reached = prefs.deadlineHorizonDays.filter((h) => h >= daysLeft);
  return reached.length === 0 ? null : String(Math.min(...reached));
}

interface DueRow {
  project_id: string;
  deadline_id: string;
  title: string;
  project_title: string;
  due_on: string;
  username: string;
  preferences: Partial<NotificationPreferences> | null;
}

/**
 * Time-based reminders from the deadlines read model: each run looks at the open deadlines of projects still running,
 * finds the active accounts of their people (team and lead clinician), and inserts the reminder each one's preferences
 * ask for today. The id is derived from the deadline, its due date, the horizon and the account, and the insert does
 * nothing on a conflict: a second run, a second process or a restart never reminds twice (a corrected due date
 * reminds again). Runs in the projector on the server and in the API on the embedded default.
 */
export class ReminderScheduler {
  constructor(
    private readonly db: SqlExecutor,
    private readonly clock: Clock = systemClock,
  ) {}

  /** One pass; returns how many reminders it made. */
  async runOnce(): Promise<number> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const { rows } = await this.db.query<DueRow>(
      `SELECT d.project_id, d.deadline_id, d.title, d.project_title, d.due_on, u.username, p.preferences
         FROM deadlines d
         JOIN auth_users u ON u.status = 'active'
          AND (lower(btrim(u.person_id)) = d.owner_id OR d.team_ids @> jsonb_build_array(lower(btrim(u.person_id))))
         LEFT JOIN notification_preferences p ON p.username = u.username
        WHERE d.closed_on IS NULL AND d.project_status IN ('active', 'on_hold') AND d.due_on <= $1
        ORDER BY d.due_on, d.project_id, d.deadline_id, u.username`,
      [addDays(today, MAX_HORIZON_DAYS)],
    );
    const reminders: unknown[][] = [];
    for (const row of rows) {
      const prefs = { ...defaultPreferences(), ...(row.preferences ?? {}) };
      if (!prefs.kinds.includes('deadline_reminder')) continue;
      const daysLeft = Math.round((Date.parse(row.due_on) - Date.parse(today)) / DAY_MS);
      const horizon = reminderHorizon(daysLeft, prefs);
      if (horizon === null) continue;
      const when = daysLeft < 0 ? `was due on ${row.due_on}` : daysLeft === 0 ? `is due today (${row.due_on})` : `is due on ${row.due_on}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
      const title = daysLeft < 0 ? `Overdue: ${row.title}` : `Deadline in ${daysLeft} day${daysLeft === 1 ? '' : 's'}: ${row.title}`;
      reminders.push([
        notificationId(row.project_id, row.deadline_id, row.due_on, horizon, row.username),
        row.username,
        row.project_id,
        row.deadline_id,
        row.due_on,
        horizon,
        title,
        `${row.title} (${row.project_title}) ${when}.`,
      ]);
    }
    let made = 0;
    for (const r of reminders) {
      const { rowCount } = await this.db.query(
        `INSERT INTO notification_reminders (id, username, kind, project_id, deadline_id, due_on, horizon, title, body, created_at)
         VALUES ($1, $2, 'deadline_reminder', $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [...r, this.clock.now().toISOString()],
      );
      made += rowCount;
    }
    return made;
  }
}
