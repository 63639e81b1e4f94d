import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../../libs/platform/src/testing';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { API_MAIN, assertBuilt, eventually, freePort, Proc, PROJECTOR_MAIN } from '../e2e/support/processes';
import { call, describeOnServer, Reply } from './support/r1-http';

// The built API and projector on a fresh server database, under a minute of mixed commands and queries from
// several connections after a warm-up. Nothing may fail but what the mix provokes on purpose (a stale If-Match),
// the read models must catch up within seconds once the load stops, and the API's resident memory must end
// near where it settled after the warm-up (a leak per request would grow it by far more over ~10^4 requests).
const WARM_UP_MS = 10_000;
const LOAD_MS = 60_000;
const CONNECTIONS = 8;
const CATCH_UP_MS = 10_000;
const RSS_TOLERANCE = 0.2;
const ADMIN_PASSWORD = 'sustained-load-admin-password';
const METRICS_TOKEN = 'sustained-load-metrics-token-0123456789';

const GC_ON_SIGNAL = join(process.cwd(), 'test/reliability/support/r1-gc-on-signal.cjs');

/** Resident set size of a process, in kB (Linux). */
function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`No VmRSS for process ${pid}`);
  return Number(line.replace(/\D+/g, ''));
}

/** RSS and V8 heap once full collections have run in the API (see r1-gc-on-signal.cjs) and RSS stopped falling. */
async function settledMemory(proc: Proc): Promise<{ rssKb: number; heapMiB: number }> {
  const reports = () => [...proc.output.matchAll(/r1-gc: (\d+) MiB heap/g)].map((m) => Number(m[1]));
  const before = reports().length;
  proc.child.kill('SIGWINCH');
  const heapMiB = await eventually('the full collection in the API', async () => reports().length > before && reports().pop(), 10_000);
  // Freed pages go back to the system over the next moments.
  let rss = rssKb(proc.child.pid as number);
  for (let i = 0; i < 16; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = rssKb(proc.child.pid as number);
    const falling = now < rss - 1024;
    rss = Math.min(rss, now);
    if (!falling && i >= 1) break;
  }
  return { rssKb: rss, heapMiB };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

interface Operation {
  name: string;
  weight: number;
  /** The one status this operation must answer with. */
  expect: number;
  run(): Promise<Reply>;
}

describeOnServer('Sustained-load suite', 'it runs the built API and projector against a PostgreSQL server')('sustained mixed load on the built API and projector (reliability)', () => {
  let db: TestDatabase;
  let api: Proc;
  let projector: Proc;
  let base = '';
  let projectorBase = '';
  const auth: Record<'office' | 'lead' | 'manager', Record<string, string>> = { office: {}, lead: {}, manager: {} };

  async function signIn(username: string, password: string): Promise<Record<string, string>> {
    const login = await call(base, 'POST', '/auth/login', { username, password });
    if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.body)}`);
    if (!login.body.mustChangePassword) return { Authorization: `Bearer ${login.body.accessToken}` };
    const changed = await call(base, 'POST', '/auth/password', { currentPassword: password, newPassword: `${password}-changed` }, { Authorization: `Bearer ${login.body.accessToken}` });
    if (changed.status !== 200) throw new Error(`password change ${username}: ${changed.status} ${JSON.stringify(changed.body)}`);
    return { Authorization: `Bearer ${changed.body.accessToken}` };
  }

  /** Each projection's lag as the API reports it on /health/ready (from the checkpoints the projector writes). */
  async function lags(): Promise<Record<string, number>> {
    // Readiness shows its details to the metrics token (or an admin) only.
    const res = await call(base, 'GET', '/health/ready', undefined, { Authorization: `Bearer ${METRICS_TOKEN}` }, 2_000);
    const projections = (res.body.info ?? res.body.error ?? res.body.details)?.projections as Record<string, { lag?: number }> | undefined;
    if (!projections) throw new Error(`no projection status in /health/ready: ${res.status} ${JSON.stringify(res.body)}`);
    return Object.fromEntries(Object.entries(projections).filter(([, v]) => typeof v?.lag === 'number').map(([k, v]) => [k, v.lag as number]));
  }
  const maxLag = async () => Math.max(0, ...Object.values(await lags()));


  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase('postgres');
    const env = {
      DATABASE_URL: db.url as string,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      RUN_PROJECTIONS: 'false',
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: 'sustained-load-test-secret-of-at-least-32-chars',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      METRICS_TOKEN,
    };
    const apiPort = await freePort();
    api = new Proc('api', API_MAIN, { ...env, PORT: String(apiPort), NODE_OPTIONS: `--require ${GC_ON_SIGNAL}` });
    base = `http://127.0.0.1:${apiPort}`;
    await eventually(`api ready\n${api.output}`, async () => (await fetch(`${base}/health/ready`)).ok, 60_000);
    const projectorPort = await freePort();
    projector = new Proc('projector', PROJECTOR_MAIN, { ...env, PORT: String(projectorPort) });
    projectorBase = `http://127.0.0.1:${projectorPort}`;
    await eventually(`projector ready\n${projector.output}`, async () => (await fetch(`${projectorBase}/health/ready`)).ok, 60_000);

    const admin = await signIn('admin', ADMIN_PASSWORD);
    const users = [
      ['office', 'office-li', 'Li Na', 'innovation_office'],
      ['lead', 'dr-chen', 'Dr. Chen Wei', 'clinician'],
      ['manager', 'mgr-wong', 'Wong Mei', 'management'],
    ] as const;
    for (const [key, username, name, role] of users) {
      const created = await call(base, 'POST', '/admin/users', { username, name, role, initialPassword: `${username}-initial-pw` }, admin);
      if (created.status >= 300) throw new Error(`create ${username}: ${created.status} ${JSON.stringify(created.body)}`);
      auth[key] = await signIn(username, `${username}-initial-pw`);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([api?.kill('SIGTERM'), projector?.kill('SIGTERM')]);
    await db?.drop();
  });

  it(`serves ${CONNECTIONS} connections of mixed traffic for ${LOAD_MS / 1000} s: no unexpected status, lag back to zero, memory flat`, async () => {
    const projects: string[] = [];
    const pick = () => projects[Math.floor(Math.random() * projects.length)];
    const propose = async () => {
      const body = glucoseDetectorProposal({ title: `Device ${projects.length}` });
      const res = await call(base, 'POST', '/projects', body, auth.office);
      if (res.status === 201) projects.push(body.projectId as string);
      return res;
    };
    for (let i = 0; i < 20; i++) expect((await propose()).status).toBe(201);
    // The first project moves past revision 0, so an If-Match of "0" on it is stale from now on.
    expect((await call(base, 'POST', `/projects/${projects[0]}/milestones`, { title: 'Kick-off', description: 'Team assembled', occurredOn: '2026-01-05' }, auth.office)).status).toBe(200);

    let lastPosition = 0;
    const milestone = (n: number) => ({ title: `Bench run ${n}`, description: 'Reading within tolerance', occurredOn: '2026-03-01' });
    const operations: Operation[] = [
      { name: 'propose', weight: 6, expect: 201, run: propose },
      { name: 'milestone (lead clinician)', weight: 14, expect: 200, run: () => call(base, 'POST', `/projects/${pick()}/milestones`, milestone(Date.now()), auth.lead) },
      { name: 'milestone (office, Idempotency-Key)', weight: 8, expect: 200, run: () => call(base, 'POST', `/projects/${pick()}/milestones`, milestone(Date.now()), { ...auth.office, 'Idempotency-Key': randomUUID() }) },
      {
        name: 'add team member',
        weight: 6,
        expect: 200,
        run: () => {
          const id = `eng-${randomUUID().slice(0, 8)}`;
          return call(base, 'POST', `/projects/${pick()}/team-members`, { member: { id, name: `Engineer ${id}` }, teamRole: 'engineer' }, auth.office);
        },
      },
      // On purpose: a write at a revision long gone must be refused (412).
      { name: 'milestone at a stale If-Match', weight: 2, expect: 412, run: () => call(base, 'POST', `/projects/${projects[0]}/milestones`, milestone(0), { ...auth.office, 'If-Match': '"0"' }) },
      { name: 'board', weight: 14, expect: 200, run: () => call(base, 'GET', '/pipeline/board', undefined, auth.manager) },
      { name: 'project', weight: 20, expect: 200, run: () => call(base, 'GET', `/projects/${pick()}`, undefined, auth.manager) },
      { name: 'history', weight: 10, expect: 200, run: () => call(base, 'GET', `/projects/${pick()}/history`, undefined, auth.manager) },
      { name: 'funnel', weight: 10, expect: 200, run: () => call(base, 'GET', '/pipeline/funnel', undefined, auth.manager) },
      { name: 'activity', weight: 10, expect: 200, run: () => call(base, 'GET', '/pipeline/activity', undefined, auth.manager) },
    ];
    const totalWeight = operations.reduce((sum, o) => sum + o.weight, 0);
    const choose = () => {
      let r = Math.random() * totalWeight;
      return operations.find((o) => (r -= o.weight) < 0) ?? operations[operations.length - 1];
    };

    interface Phase {
      counts: Map<string, number>;
      unexpected: string[];
      latencies: number[];
    }
    /** Runs the mix from every connection until `ms` have passed. */
    async function drive(ms: number): Promise<Phase> {
      const phase: Phase = { counts: new Map(), unexpected: [], latencies: [] };
      const until = Date.now() + ms;
      const connection = async () => {
        while (Date.now() < until) {
          const op = choose();
          const startedAt = performance.now();
          let outcome: string;
          try {
            const res = await op.run();
            outcome = String(res.status);
            if (res.status !== op.expect) phase.unexpected.push(`${op.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
            if (typeof res.body.globalPosition === 'number') lastPosition = Math.max(lastPosition, res.body.globalPosition);
          } catch (error) {
            outcome = 'network error';
            phase.unexpected.push(`${op.name}: ${String(error)}`);
          }
          phase.latencies.push(performance.now() - startedAt);
          const key = `${op.name} → ${outcome}`;
          phase.counts.set(key, (phase.counts.get(key) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, connection));
      return phase;
    }

    const pid = api.child.pid as number;
    const warmUp = await drive(WARM_UP_MS);
    expect(warmUp.unexpected).toEqual([]);
    const afterWarmUp = await settledMemory(api);

    // Lag and memory sampled every second while the load runs.
    const samples: { lag: number; rss: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push({ lag: await maxLag().catch(() => -1), rss: rssKb(pid) });
        await new Promise((r) => setTimeout(r, 1_000));
      }
    })();
    const load = await drive(LOAD_MS);
    sampling = false;
    await sampler;

    const stoppedAt = Date.now();
    const lagAtStop = await maxLag();
    await eventually('every projection at the head after the load', async () => (await maxLag()) === 0, CATCH_UP_MS);
    const caughtUpMs = Date.now() - stoppedAt;
    // Read-your-writes agrees: the last command's position is on the board.
    expect((await call(base, 'GET', `/pipeline/board?position=${lastPosition}`, undefined, auth.manager)).status).toBe(200);
    const atEnd = await settledMemory(api);
    const growth = (atEnd.rssKb - afterWarmUp.rssKb) / afterWarmUp.rssKb;

    const requests = load.latencies.length;
    const sorted = [...load.latencies].sort((a, b) => a - b);
    console.log(
      [
        `warm-up: ${warmUp.latencies.length} requests in ${WARM_UP_MS / 1000} s; load: ${requests} requests in ${LOAD_MS / 1000} s ` +
          `(${Math.round(requests / (LOAD_MS / 1000))}/s over ${CONNECTIONS} connections), latency p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
          `p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${percentile(sorted, 100).toFixed(1)} ms`,
        ...[...load.counts.entries()].sort().map(([k, n]) => `  ${k}: ${n}`),
        `projection lag during load: max ${Math.max(...samples.map((s) => s.lag))} events; ${lagAtStop} when the load stopped; 0 after ${caughtUpMs} ms`,
        `API RSS after a full collection: ${Math.round(afterWarmUp.rssKb / 1024)} MiB after warm-up, ${Math.round(atEnd.rssKb / 1024)} MiB ` +
          `at the end (${(growth * 100).toFixed(1)}%; peak under load ${Math.round(Math.max(...samples.map((x) => x.rss)) / 1024)} MiB); ` +
          `V8 heap in use ${afterWarmUp.heapMiB} → ${atEnd.heapMiB} MiB; ${projects.length} projects, head position ${lastPosition}`,
      ].join('\n'),
    );

    expect(load.unexpected).toEqual([]);
    // The mix really ran: every kind of request was sent and answered as it should.
    for (const op of operations) expect({ op: op.name, answered: (load.counts.get(`${op.name} → ${op.expect}`) ?? 0) > 0 }).toEqual({ op: op.name, answered: true });
    expect(Math.abs(growth)).toBeLessThanOrEqual(RSS_TOLERANCE);
  }, 180_000);
});
