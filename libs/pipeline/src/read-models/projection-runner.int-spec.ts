import { ProjectionRunner } from '@app/event-store';
import { availableEngines } from '@app/platform/testing';
import { GetPipelineBoardHandler } from './pipeline-board/get-pipeline-board.handler';
import { GetPipelineBoardQuery } from './pipeline-board/get-pipeline-board.query';
import { PIPELINE_PROJECTIONS } from './read-model.projections';
import { ReadYourWrites } from './shared/read-your-writes';
import { AnswerCache } from './shared/answer-cache';
import { ProjectStory, ReadModelKit, startReadModelKit } from './testing/read-model-test-kit';

const TABLE_KEYS: Record<string, string> = {
  pipeline_board: 'project_id',
  pipeline_board_history: 'project_id, global_position',
  stage_transitions: 'project_id, entered_position',
  patent_register: 'patent_id',
  trial_tracker: 'trial_id',
  activity_feed: 'global_position',
  idea_register: 'project_id',
  deadline_projects: 'project_id',
  deadlines: 'project_id, deadline_id',
  notification_projects: 'project_id',
  notifications: 'id',
};

async function snapshot(kit: ReadModelKit): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const p of PIPELINE_PROJECTIONS) {
    for (const table of p.tables) out[table] = await kit.rows(`SELECT * FROM ${table} ORDER BY ${TABLE_KEYS[table]}`);
  }
  return out;
}

async function story(kit: ReadModelKit, n: number): Promise<number> {
  let events = 0;
  for (let i = 0; i < n; i++) {
    const s = new ProjectStory();
    const appended = await kit.append(s.projectId, [
      s.proposed({ title: `Device ${i}` }),
      s.advanced('idea', 'patent', '2025-02-01T00:00:00.000Z'),
      s.patentFiled(`pat-${s.projectId}`),
      s.trialRegistered(`tr-${s.projectId}`, 50),
      s.enrolment(`tr-${s.projectId}`, 10 + i, 50),
      ...(i % 3 === 0 ? [s.killed('patent', '2025-03-01T00:00:00.000Z')] : []),
    ]);
    events += appended.length;
  }
  return events;
}

const until = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(availableEngines())('projection runner on %s', (engine) => {
  let kit: ReadModelKit;
  beforeEach(async () => {
    kit = await startReadModelKit(engine, { start: false });
  }, 60_000);
  afterEach(() => kit.close());

  it('changes nothing when the same events are applied again', async () => {
    await kit.runner.start();
    await story(kit, 4);
    await kit.settle();
    const before = await snapshot(kit);
    const { events } = await kit.store.readAll({ maxCount: 1000 });
    for (const p of PIPELINE_PROJECTIONS) {
      await kit.runner.applyBatch(p, events);
      await kit.runner.applyBatch(p, events.slice(3, 9));
    }
    expect(await snapshot(kit)).toEqual(before);
    const status = await kit.runner.status();
    expect(status.map((s) => s.lag)).toEqual(status.map(() => 0));
    expect(status[0]).toMatchObject({ running: true, lastError: null, position: status[0].headPosition });
  });

  it('loses nothing and doubles nothing after a crash between the rows and the checkpoint', async () => {
    const crashing = kit.newRunner({
      afterApply: () => {
        throw new Error('process died before the checkpoint');
      },
    });
    await crashing.start();
    const written = await story(kit, 3);
    await until(async () => (await crashing.status()).every((s) => s.lastError !== null));
    await crashing.stop();
    // Every batch rolled back with its checkpoint: nothing half-applied.
    expect((await crashing.status()).map((s) => s.checkpoint)).toEqual(PIPELINE_PROJECTIONS.map(() => null));
    expect(await kit.rows('SELECT count(*)::int AS n FROM activity_feed')).toEqual([{ n: 0 }]);

    await kit.runner.start();
    await kit.settle();
    expect(await kit.rows('SELECT count(*)::int AS n FROM activity_feed')).toEqual([{ n: written }]);
    expect(await kit.rows('SELECT count(*)::int AS n FROM pipeline_board')).toEqual([{ n: 3 }]);
    expect(await kit.rows('SELECT count(*)::int AS n FROM stage_transitions')).toEqual([{ n: 6 }]);
    expect(await kit.rows('SELECT count(*)::int AS n FROM trial_tracker WHERE enrolled >= 10')).toEqual([{ n: 3 }]);
  });

  it('rebuilds into new tables while queries keep answering, then switches over with identical results', async () => {
    await kit.runner.start();
    await story(kit, 12);
    await kit.settle();
    const before = await snapshot(kit);
    const oid = async () => (await kit.rows<{ oid: number }>("SELECT 'pipeline_board'::regclass::oid::int AS oid"))[0].oid;
    const oldOid = await oid();
    const board = new GetPipelineBoardHandler(kit.ds, kit.runner, new ReadYourWrites(kit.runner), new AnswerCache(kit.ds));
    const expected = await board.execute(new GetPipelineBoardQuery({}));

    const rebuilt = kit.runner.rebuildAndWait('all');
    let answered = 0;
    let done = false;
    void rebuilt.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      const view = await board.execute(new GetPipelineBoardQuery({}));
      expect(view.total).toBe(expected.total);
      answered++;
    }
    await rebuilt;
    expect(answered).toBeGreaterThan(0);
    expect(await oid()).not.toBe(oldOid);
    expect(await kit.rows("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'")).toEqual([]);
    expect(await snapshot(kit)).toEqual(before);
    const status = await kit.runner.status();
    expect(status.map((s) => [s.rebuild?.state, s.rebuild?.percent, s.lag])).toEqual(status.map(() => ['done', 100, 0]));
    expect(await kit.rows("SELECT count(*)::int AS n FROM projection_checkpoints WHERE name LIKE '%__rebuild'")).toEqual([{ n: 0 }]);
  });

  it('keeps up with writes that arrive during a rebuild', async () => {
    await kit.runner.start();
    await story(kit, 5);
    const rebuilt = kit.runner.rebuildAndWait('activity_feed');
    const more = await story(kit, 5);
    await rebuilt;
    await kit.settle();
    const head = await kit.rows<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(await kit.rows('SELECT count(*)::int AS n FROM activity_feed')).toEqual(head);
    expect(more).toBeGreaterThan(0);
  });

  it('tells a caller waiting for a position whether the read models have it', async () => {
    await kit.runner.start();
    const s = new ProjectStory();
    const [e] = await kit.append(s.projectId, [s.proposed()]);
    expect(await kit.runner.waitFor(e.globalPosition, 5_000)).toBe(true);
    expect(await kit.runner.waitFor(e.globalPosition + 1000, 100)).toBe(false);
  });

  if (engine === 'postgres') {
    it('lets one process work a projection at a time; a standby takes over when it stops', async () => {
      await kit.runner.start();
      const standby: ProjectionRunner = kit.newRunner();
      await standby.start();
      try {
        // Each projection is worked by exactly one of the two (whichever took its lock first).
        const workers = async () => {
          const [a, b] = [await kit.runner.status(), await standby.status()];
          return a.map((s, i) => Number(s.running) + Number(b[i].running));
        };
        await until(async () => (await workers()).every((n) => n === 1));
        await new Promise((r) => setTimeout(r, 300));
        expect(await workers()).toEqual(PIPELINE_PROJECTIONS.map(() => 1));
        await kit.runner.stop();
        await until(async () => (await standby.status()).every((s) => s.running));
        const s = new ProjectStory();
        const [e] = await kit.append(s.projectId, [s.proposed()]);
        expect(await standby.waitFor(e.globalPosition, 5_000)).toBe(true);
      } finally {
        await standby.stop();
      }
    }, 30_000);
  }
});
