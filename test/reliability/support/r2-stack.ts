import type { Pool } from 'pg';
import { migrateEventStore, migrateProjections, verifyEventStore } from '@app/event-store';
import { migrateReadModels } from '@app/pipeline';
import type { PostgresDatabase } from '../../../libs/platform/src/database';
import type { TestDatabase } from '../../../libs/platform/src/testing';
import { generatePipeline } from '../../../bench/generate';
import { loadEvents } from '../../../bench/lib/load';
import { API_MAIN, eventually, freePort, Proc, PROJECTOR_MAIN } from '../../e2e/support/processes';

// The built API and projector as separate processes on one database, driven over loopback HTTP, for the crash
// and outage tests. Every request has a deadline: a test that hangs on a request has found a bug.

export const ADMIN_PASSWORD = 'reliability-admin-password';
export const READ_MODEL_PROJECTIONS = ['pipeline_board', 'stage_transitions', 'patent_register', 'trial_tracker', 'activity_feed', 'idea_register', 'deadlines', 'notifications'];

export function appEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    RUN_PROJECTIONS: 'false',
    HOST: '127.0.0.1',
    // Fixed, so tokens stay valid across a restarted API.
    AUTH_JWT_SECRET: 'reliability-test-secret-of-at-least-32-chars',
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    AUTH_USER_CACHE_MS: '0',
    ...extra,
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, any>;
  ms: number;
}

/** One HTTP exchange; rejects on a network failure (reset, refused) or when no answer came within `timeoutMs`. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Reply> {
  const started = Date.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let body: Record<string, any>;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, headers: res.headers, body, ms: Date.now() - started };
}

/** `work` over every item with at most `concurrency` running at once; results in item order. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export async function signIn(base: string, username: string, password: string): Promise<string> {
  const login = await call(base, 'POST', '/auth/login', { body: { username, password } });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.body)}`);
  if (!login.body.mustChangePassword) return login.body.accessToken;
  const changed = await call(base, 'POST', '/auth/password', {
    body: { currentPassword: password, newPassword: `${password}-changed` },
    headers: { Authorization: `Bearer ${login.body.accessToken}` },
  });
  if (changed.status !== 200) throw new Error(`password change ${username}: ${changed.status} ${JSON.stringify(changed.body)}`);
  return changed.body.accessToken;
}

/** Signs the bootstrap admin in, creates an innovation-office account and returns both bearer headers. */
export async function createActors(base: string): Promise<{ admin: Record<string, string>; office: Record<string, string> }> {
  const admin = { Authorization: `Bearer ${await signIn(base, 'admin', ADMIN_PASSWORD)}` };
  const created = await call(base, 'POST', '/admin/users', {
    body: { username: 'office-li', name: 'Li Na', role: 'innovation_office', initialPassword: 'office-li-initial-pw' },
    headers: admin,
  });
  if (created.status >= 300) throw new Error(`creating office-li: ${created.status} ${JSON.stringify(created.body)}`);
  // The fixture projects' lead clinician must be a person with an account.
  const lead = await call(base, 'POST', '/admin/users', {
    body: { username: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician', initialPassword: 'dr-chen-initial-pw' },
    headers: admin,
  });
  if (lead.status >= 300) throw new Error(`creating dr-chen: ${lead.status} ${JSON.stringify(lead.body)}`);
  return { admin, office: { Authorization: `Bearer ${await signIn(base, 'office-li', 'office-li-initial-pw')}` } };
}

export interface App {
  proc: Proc;
  base: string;
  port: number;
}

/** Starts a built app and waits until its /health/ready answers 200. */
export async function startApp(kind: 'api' | 'projector', name: string, env: Record<string, string>, port?: number): Promise<App> {
  const p = port ?? (await freePort());
  const proc = new Proc(name, kind === 'api' ? API_MAIN : PROJECTOR_MAIN, { ...env, PORT: String(p) });
  const base = `http://127.0.0.1:${p}`;
  await eventually(
    `${name} ready`,
    async () => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`${name} exited:\n${proc.output}`);
      return (await call(base, 'GET', '/health/ready', { timeoutMs: 2_000 })).status === 200;
    },
    60_000,
  ).catch((error: Error) => {
    proc.kill('SIGKILL');
    throw new Error(`${error.message}\n${proc.output}`);
  });
  return { proc, base, port: p };
}

/** Each projection's checkpoint position (0 before its first event), rebuild rows (`<name>__rebuild`) included. */
export async function checkpoints(db: TestDatabase): Promise<Record<string, number>> {
  const { rows } = await db.db.query<{ name: string; p: string | null }>('SELECT name, global_position AS p FROM projection_checkpoints');
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.p ?? 0)]));
}

/**
 * True once every read-model projection has applied every event in the store. Delivery is in commit order
 * (transaction id, then position), which need not be position order: with concurrent writers the highest position may
 * come before the last event delivered, so a caught-up checkpoint need not name the highest position. A projection is
 * at the head when no event comes after its checkpoint in that order.
 */
export async function projectionsAtHead(db: TestDatabase): Promise<boolean> {
  const { rows } = await db.db.query<{ name: string; behind: boolean }>(
    `SELECT c.name, EXISTS (
       SELECT 1 FROM events e WHERE c.global_position IS NULL OR (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)
     ) AS behind
     FROM projection_checkpoints c`,
  );
  const behind = new Map(rows.map((r) => [r.name, r.behind]));
  return READ_MODEL_PROJECTIONS.every((name) => behind.get(name) === false);
}

/**
 * Creates the schema and bulk-loads a deterministic pipeline of the benchmarks' generator (real decider events,
 * varied stages, kills and holds) straight into the events table, hash chain included (the insert trigger).
 */
export async function loadPipeline(db: TestDatabase, spec: { projects: number; events: number; seed?: number }): Promise<number> {
  await migrateEventStore(db.db);
  await migrateProjections(db.db);
  await migrateReadModels(db.db);
  const { events } = generatePipeline({
    seed: spec.seed ?? 8,
    projects: spec.projects,
    events: spec.events,
    longStreamEvents: 40,
    now: new Date('2025-06-30T00:00:00Z'),
  });
  return loadEvents((db.db as PostgresDatabase).pool as Pool, events);
}

/** The event store's hash chain walked and recomputed (what `npm run verify` and GET /admin/verify do). */
export async function expectHashChainIntact(db: TestDatabase): Promise<void> {
  const report = await verifyEventStore(db.db);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}
