import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../../libs/platform/src/testing';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { assertBuilt, CLI_DIR, eventually, freePort, Proc, PROJECTOR_MAIN } from '../e2e/support/processes';
import { expectReadModelsEqualFreshReplay, headPosition } from '../support/replay';
import {
  App,
  appEnv,
  call,
  checkpoints,
  createActors,
  expectHashChainIntact,
  inParallel,
  loadPipeline,
  projectionsAtHead,
  READ_MODEL_PROJECTIONS,
  startApp,
} from './support/r2-stack';

// SIGKILL at the worst moment: the API in the middle of a burst of commands, the projector in the middle of a
// catch-up, a rebuild in the middle of building its fresh tables. Nothing committed may be lost or doubled,
// nothing half-done may become visible, and a restart (or rerun) must finish the job.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) console.log('Crash tests skipped: they need DATABASE_URL (a PostgreSQL server)');

/** Polls `probe` every few milliseconds and SIGKILLs `proc` as soon as it returns a value; fails if `proc` exits first. */
async function killWhen<T>(proc: Proc, probe: () => Promise<T | undefined>, timeoutMs = 90_000, state?: () => Promise<unknown>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} finished before the moment to kill it came:\n${proc.output}`);
    const seen = await probe();
    if (seen !== undefined) {
      proc.child.kill('SIGKILL');
      await proc.exited;
      return seen;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Timed out waiting for the moment to kill ${proc.name} (${JSON.stringify(await state?.())}):\n${proc.output}`);
}

onServer('crashes (SIGKILL of the built apps on a PostgreSQL server)', () => {
  let db: TestDatabase | undefined;
  const procs: Proc[] = [];

  function track<T extends App | Proc>(x: T): T {
    procs.push('proc' in x ? x.proc : x);
    return x;
  }

  beforeAll(() => assertBuilt());

  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
    await db?.drop();
    db = undefined;
  });

  it('an API killed mid-burst keeps every acknowledged command once, leaves nothing partial, and a retry with the same key adds exactly one event', async () => {
    db = await createTestDatabase('postgres');
    const env = appEnv(db.url as string);
    const api = track(await startApp('api', 'api-1', env));
    const { office } = await createActors(api.base);
    const projects: string[] = [];
    for (let i = 0; i < 8; i++) {
      const body = glucoseDetectorProposal({ title: `Device ${i}` });
      const res = await call(api.base, 'POST', '/projects', { body, headers: office });
      if (res.status !== 201) throw new Error(`proposal: ${res.status} ${JSON.stringify(res.body)}`);
      projects.push(body.projectId as string);
    }

    // 400 milestone commands, each with its own key and content, from 8 concurrent clients; the API is
    // SIGKILLed once 60 of them were acknowledged, with the other clients' requests in flight.
    const planned = Array.from({ length: 400 }, (_, n) => {
      const key = `crash-${n}-${randomUUID()}`;
      const body = { milestoneId: randomUUID(), title: `Reading ${n}`, description: `Bench run under key ${key}`, occurredOn: '2025-06-01' };
      return { key, project: projects[n % projects.length], body };
    });
    const acknowledged = new Map<string, string>();
    const failed = new Map<string, string>();
    const otherStatuses: string[] = [];
    let next = 0;
    let killed = false;
    const send = (base: string, p: (typeof planned)[number]) =>
      call(base, 'POST', `/projects/${p.project}/milestones`, { body: p.body, headers: { ...office, 'Idempotency-Key': p.key } });
    const worker = async () => {
      while (next < planned.length) {
        const p = planned[next++];
        try {
          const res = await send(api.base, p);
          if (res.status === 200) acknowledged.set(p.key, res.body.events[0].eventId);
          else otherStatuses.push(`${res.status} ${JSON.stringify(res.body)}`);
        } catch (error) {
          failed.set(p.key, String((error as Error).cause ?? error));
        }
        if (!killed && acknowledged.size >= 60) {
          killed = true;
          api.proc.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await api.proc.exited;
    expect(otherStatuses).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);
    expect(acknowledged.size + failed.size).toBe(planned.length);
    // Requests were cut in flight (reset / no response), not only refused after the fact.
    expect([...failed.values()].some((e) => !/ECONNREFUSED/.test(e))).toBe(true);

    // What the store holds for each command, identified by its content (not by the key under test).
    const stored = async () => {
      const { rows } = await db!.db.query<{ event_id: string; data: Record<string, unknown>; key: string | null }>(
        `SELECT event_id, data, metadata -> 'idempotency' ->> 'key' AS key FROM events WHERE type = 'MilestoneLogged'`,
      );
      const byTitle = new Map<string, typeof rows>();
      for (const r of rows) byTitle.set(String(r.data.title), [...(byTitle.get(String(r.data.title)) ?? []), r]);
      return { rows, byTitle };
    };
    const expectWhole = (p: (typeof planned)[number], row: { data: Record<string, unknown>; key: string | null }) =>
      expect({ key: row.key, data: row.data }).toEqual({ key: p.key, data: expect.objectContaining(p.body) });

    const before = await stored();
    let committedUnanswered = 0;
    for (const p of planned) {
      const rows = before.byTitle.get(p.body.title) ?? [];
      expect({ title: p.body.title, copies: rows.length }).toEqual({ title: p.body.title, copies: acknowledged.has(p.key) ? 1 : expect.any(Number) });
      expect(rows.length).toBeLessThanOrEqual(1);
      if (rows[0]) expectWhole(p, rows[0]);
      if (acknowledged.has(p.key)) expect(rows[0].event_id).toBe(acknowledged.get(p.key));
      else if (rows.length === 1) committedUnanswered++;
    }
    expect(before.rows).toHaveLength(before.byTitle.size);
    await expectHashChainIntact(db);

    // A new API on the same database; every command is sent again with its key (the acknowledged ones too).
    const restarted = track(await startApp('api', 'api-2', env));
    const retried = await inParallel(planned, 8, (p) => send(restarted.base, p));
    retried.forEach((res, i) => {
      const p = planned[i];
      expect({ key: p.key, status: res.status }).toEqual({ key: p.key, status: 200 });
      const earlier = acknowledged.get(p.key) ?? before.byTitle.get(p.body.title)?.[0]?.event_id;
      if (earlier) {
        expect({ key: p.key, replayed: res.headers.get('idempotent-replayed'), eventId: res.body.events[0].eventId }).toEqual({
          key: p.key,
          replayed: 'true',
          eventId: earlier,
        });
      }
    });
    const after = await stored();
    for (const p of planned) {
      const rows = after.byTitle.get(p.body.title) ?? [];
      expect({ title: p.body.title, copies: rows.length }).toEqual({ title: p.body.title, copies: 1 });
      expectWhole(p, rows[0]);
    }
    expect(after.rows).toHaveLength(planned.length);
    await expectHashChainIntact(db);
    console.log(`API crash: ${acknowledged.size} acknowledged, ${failed.size} failed (${committedUnanswered} of them committed without an answer)`);
  }, 120_000);

  it('a projector killed mid-catch-up resumes from its checkpoint and ends equal to a fresh replay', async () => {
    db = await createTestDatabase('postgres');
    await loadPipeline(db, { projects: 150, events: 6_000 });
    const head = await headPosition(db);
    const env = { ...appEnv(db.url as string), PGAPPNAME: 'projector-1' };

    // Killed once a projection has committed some batches but not all: its checkpoint strictly between 0 and head.
    const first = track(new Proc('projector-1', PROJECTOR_MAIN, { ...env, PORT: String(await freePort()) }));
    const seen = await killWhen(first, async () => {
      const cps = await checkpoints(db!);
      return READ_MODEL_PROJECTIONS.some((n) => cps[n] > 0 && cps[n] < head) ? cps : undefined;
    }, 90_000, () => checkpoints(db!));
    await first.exited;
    const atKill = await checkpoints(db);
    expect(READ_MODEL_PROJECTIONS.some((n) => atKill[n] < head)).toBe(true);

    track(await startApp('projector', 'projector-2', env));
    await eventually('read models at the head after the restart', () => projectionsAtHead(db!), 90_000);
    await expectReadModelsEqualFreshReplay(db);
    console.log(`Projector crash at checkpoints ${JSON.stringify(seen)} of head ${head}`);
  }, 180_000);

  it('a rebuild killed mid-way never shows a half-built board or funnel, and a rerun cleans up and equals a fresh replay', async () => {
    db = await createTestDatabase('postgres');
    await loadPipeline(db, { projects: 150, events: 45_000, seed: 9 });
    const env = appEnv(db.url as string);
    track(await startApp('projector', 'projector', env));
    const api = track(await startApp('api', 'api', env));
    const { office } = await createActors(api.base);
    await eventually('read models at the head', () => projectionsAtHead(db!), 90_000);
    const dashboard = async () => {
      const [board, funnel] = await Promise.all([
        call(api.base, 'GET', '/pipeline/board', { headers: office }),
        call(api.base, 'GET', '/pipeline/funnel', { headers: office }),
      ]);
      return { board: { status: board.status, body: board.body }, funnel: { status: funnel.status, body: funnel.body } };
    };
    const baseline = await dashboard();
    expect(baseline.board.status).toBe(200);
    expect(baseline.board.body.total).toBe(150);

    // The dashboard is polled throughout; the rebuild is killed once its fresh tables are part-filled (a rebuild
    // checkpoint strictly between 0 and the head).
    const head = await headPosition(db);
    const rebuild = track(new Proc('rebuild', join(CLI_DIR, 'rebuild-projections.js'), env, ['all']));
    let polling = true;
    const served: { at: string; view: Awaited<ReturnType<typeof dashboard>> }[] = [];
    const poller = (async () => {
      while (polling) served.push({ at: JSON.stringify(await checkpoints(db!)), view: await dashboard() });
    })();
    const atKill = await killWhen(rebuild, async () => {
      const cps = await checkpoints(db!);
      return Object.keys(cps).some((n) => n.endsWith('__rebuild') && cps[n] > 0 && cps[n] < head) ? cps : undefined;
    });
    await rebuild.exited;
    // Polls answered while a rebuild checkpoint existed, i.e. while fresh tables were being filled.
    const pollsDuringRebuild = served.filter((s) => s.at.includes('__rebuild')).length;
    await new Promise((r) => setTimeout(r, 1_000));
    polling = false;
    await poller;
    expect(pollsDuringRebuild).toBeGreaterThanOrEqual(2);
    for (const { at, view } of served) expect({ at, view }).toEqual({ at, view: baseline });

    // The kill left half-built copies (schema rebuild_<name>) and their rebuild checkpoints (<name>__rebuild) behind.
    const leftovers = async () => ({
      schemas: (await db!.db.query<{ s: string }>(`SELECT nspname AS s FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' ORDER BY 1`)).rows.map((r) => r.s),
      rows: Object.keys(await checkpoints(db!)).filter((n) => n.endsWith('__rebuild')).sort(),
    });
    const left = await leftovers();
    expect(left.rows.length).toBeGreaterThan(0);
    expect(left.schemas).toEqual(expect.arrayContaining(left.rows.map((r) => `rebuild_${r.replace(/__rebuild$/, '')}`)));

    // A rerun completes, removes the leftovers, and the result equals a fresh replay.
    const rerun = track(new Proc('rerun', join(CLI_DIR, 'rebuild-projections.js'), env, ['all']));
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([rerun.exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), 120_000)))]);
    clearTimeout(timer);
    expect({ code, output: code === 0 ? '' : rerun.output }).toEqual({ code: 0, output: '' });
    expect(await leftovers()).toEqual({ schemas: [], rows: [] });
    await eventually('read models at the head', () => projectionsAtHead(db!), 60_000);
    expect(await dashboard()).toEqual(baseline);
    await expectReadModelsEqualFreshReplay(db);
    console.log(`Rebuild killed at ${JSON.stringify(atKill)} (head ${head}); ${pollsDuringRebuild} dashboard polls during the rebuild`);
  }, 240_000);
});
