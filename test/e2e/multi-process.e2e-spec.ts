import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../../libs/platform/src/testing';
import { glucoseDetectorProposal } from './support/fixtures';
import { expectReadModelsEqualFreshReplay } from '../support/replay';
import { API_MAIN, assertBuilt, eventually, freePort, Proc, PROJECTOR_MAIN } from './support/processes';

// Two API processes and two projector processes on one PostgreSQL database: concurrent writes through both
// APIs, the projector doing the work is SIGKILLed mid-stream, and the other must take over so that no
// command is lost or applied twice and the read models equal a fresh replay of the events.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) console.log('Multi-process test skipped: it needs DATABASE_URL (a PostgreSQL server)');

const ADMIN_PASSWORD = 'multi-process-admin-password';

onServer('several API and projector processes on one database', () => {
  let db: TestDatabase;
  const procs: Proc[] = [];
  const apis: string[] = [];
  const projectors: Proc[] = [];
  let office = '';

  async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> };
  }

  async function signIn(base: string, username: string, password: string): Promise<string> {
    const login = await call(base, 'POST', '/auth/login', { username, password });
    if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.body)}`);
    if (!login.body.mustChangePassword) return login.body.accessToken;
    const changed = await call(base, 'POST', '/auth/password', { currentPassword: password, newPassword: `${password}-changed` }, { Authorization: `Bearer ${login.body.accessToken}` });
    if (changed.status !== 200) throw new Error(`password change ${username}: ${changed.status} ${JSON.stringify(changed.body)}`);
    return changed.body.accessToken;
  }

  function start(name: string, script: string, env: Record<string, string>): Proc {
    const proc = new Proc(name, script, env);
    procs.push(proc);
    return proc;
  }

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase('postgres');
    const env = {
      DATABASE_URL: db.url as string,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      RUN_PROJECTIONS: 'false',
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: 'multi-process-test-secret-of-at-least-32-chars',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // Each API caches who a token's user is briefly; the test changes passwords and signs in across both.
      AUTH_USER_CACHE_MS: '0',
    };
    // The first API migrates and creates the bootstrap admin; the second starts on a ready database.
    for (const n of [1, 2]) {
      const port = await freePort();
      const api = start(`api-${n}`, API_MAIN, { ...env, PORT: String(port) });
      const base = `http://127.0.0.1:${port}`;
      await eventually(`${api.name} ready\n${api.output}`, async () => (await fetch(`${base}/health/ready`)).ok, 60_000);
      apis.push(base);
    }
    for (const n of [1, 2]) {
      const port = await freePort();
      const projector = start(`projector-${n}`, PROJECTOR_MAIN, { ...env, PORT: String(port), PGAPPNAME: `projector-${n}` });
      await eventually(`${projector.name} ready\n${projector.output}`, async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, 60_000);
      projectors.push(projector);
    }

    const admin = await signIn(apis[0], 'admin', ADMIN_PASSWORD);
    const created = await call(apis[0], 'POST', '/admin/users', { username: 'office-li', name: 'Li Na', role: 'innovation_office', initialPassword: 'office-li-initial-pw' }, { Authorization: `Bearer ${admin}` });
    expect(created.status).toBeLessThan(300);
    // The fixture projects' lead clinician must be a person with an account.
    const lead = await call(apis[0], 'POST', '/admin/users', { username: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician', initialPassword: 'dr-chen-initial-pw' }, { Authorization: `Bearer ${admin}` });
    expect(lead.status).toBeLessThan(300);
    office = await signIn(apis[1], 'office-li', 'office-li-initial-pw');
  }, 180_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
    await db?.drop();
  });

  async function lockHolders(): Promise<string[]> {
    const { rows } = await db.db.query<{ app: string }>(
      `SELECT DISTINCT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'projector-%'`,
    );
    return rows.map((r) => r.app);
  }

  it('loses no command, applies none twice, and ends with read models equal to a fresh replay', async () => {
    const auth = { Authorization: `Bearer ${office}` };
    const projectIds: string[] = [];
    for (let i = 0; i < 16; i++) {
      const body = glucoseDetectorProposal({ title: `Device ${i}` });
      const res = await call(apis[i % 2], 'POST', '/projects', body, auth);
      if (res.status !== 201) throw new Error(`proposal: ${res.status} ${JSON.stringify(res.body)}`);
      projectIds.push(body.projectId as string);
    }
    await eventually('a projector holding the projection locks', async () => (await lockHolders()).length > 0);

    // 240 milestone commands from 8 concurrent clients over both APIs; every fifth is retried on the other API.
    const accepted = new Map<string, string[]>();
    const keys = Array.from({ length: 240 }, (_, n) => ({ key: `mp-${n}-${randomUUID()}`, project: projectIds[n % projectIds.length], n }));
    let killed: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const { key, project, n } = keys[next++];
        if (n === 100) {
          killed = await lockHolders();
          for (const p of projectors.filter((x) => killed.includes(x.name))) p.child.kill('SIGKILL');
        }
        const attempts = n % 5 === 0 ? [apis[n % 2], apis[(n + 1) % 2]] : [apis[n % 2]];
        for (const base of attempts) {
          const res = await call(base, 'POST', `/projects/${project}/milestones`, { title: `Reading ${n}`, description: 'Bench run', occurredOn: '2025-06-01' }, { ...auth, 'Idempotency-Key': key });
          if (res.status === 200) accepted.set(key, [...(accepted.get(key) ?? []), res.body.events[0].eventId]);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed.length).toBeGreaterThan(0);

    // Every key that got a 2xx is in the store once, with the event id every response for it named.
    for (const [key, eventIds] of accepted) expect({ key, ids: new Set(eventIds).size }).toEqual({ key, ids: 1 });
    const { rows } = await db.db.query<{ key: string; n: string }>(
      `SELECT metadata -> 'idempotency' ->> 'key' AS key, count(*) AS n FROM events WHERE type = 'MilestoneLogged' GROUP BY 1`,
    );
    expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(accepted.keys()));
    expect(accepted.size).toBe(keys.length);

    // The surviving projector takes over and catches up with the head.
    const survivor = projectors.find((p) => !killed.includes(p.name))!;
    await eventually(`${survivor.name} to hold the locks`, async () => (await lockHolders()).includes(survivor.name), 60_000);
    const head = Number((await db.db.query<{ p: string }>('SELECT max(global_position) AS p FROM events')).rows[0].p);
    await eventually('read models at the head', async () => (await call(apis[0], 'GET', `/pipeline/board?position=${head}`, undefined, auth)).status === 200, 60_000);

    // A fresh replay: the same events, copied verbatim into an empty database, projected from position 0.
    await expectReadModelsEqualFreshReplay(db);
  }, 180_000);
});
