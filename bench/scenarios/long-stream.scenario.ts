// Scenario 3: one more command on a project with 2,000 events, through the real command handler
// (read the stream, fold `evolve`, `decide`, append with the expected revision): warm, as a running API
// handles it (its state cache holds the project, so it reads and folds only what is new), and cold, as the
// first command after a start or an eviction (a fresh handler: the whole stream read and folded). Then the
// cold steps timed one by one to show where the time goes.
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@app/event-store';
import { PostgresDatabase } from '@app/platform';
import { decide, evolveAll, ExecuteProjectCommand, ExecuteProjectCommandHandler, foldProject, ProjectCommand, ProjectSnapshots, projectStreamId, toDomainEvent } from '@app/pipeline';
import type { Report } from '../lib/report';
import { summarize } from '../lib/stats';
import { startCpuProfile } from '../lib/cpu-profile';

const OFFICE = { id: 'office-bench', name: 'Bench Office', role: 'innovation_office' as const };

export async function runLongStream(url: string, projectId: string, report: Report, repeats: number): Promise<void> {
  const db = new PostgresDatabase({ connectionString: url, max: 10 });
  const store = new PostgresEventStore(db, { notifications: false });
  // As the API runs it: the project's snapshot stored (every 16 events a command folds, or `refresh`).
  const snapshots = new ProjectSnapshots(db);
  await snapshots.onModuleInit();
  const handler = new ExecuteProjectCommandHandler(store, snapshots);
  const streamId = projectStreamId(projectId);
  const milestone = () => ({
    type: 'LogMilestone' as const,
    data: { projectId, milestoneId: randomUUID(), title: 'Steering committee review', description: 'Quarterly review; minutes filed.', occurredOn: '2026-05-20' },
  });
  try {
    const before = (await store.streamRevision(streamId)) ?? -1;
    await snapshots.refresh(store, streamId);
    const command = () => new ExecuteProjectCommand(milestone(), { actor: OFFICE, requestId: randomUUID() }, '2026-05-20T00:00:00.000Z');
    const total: number[] = [];
    const warmup = Math.min(5, repeats);
    for (let i = 0; i < repeats + warmup; i++) {
      const t0 = process.hrtime.bigint();
      await handler.execute(command());
      if (i >= warmup) total.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // Cold: a fresh handler (a restart, another process, an evicted project) starts from the stored snapshot.
    const cold: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const fresh = new ExecuteProjectCommandHandler(store, snapshots);
      const t0 = process.hrtime.bigint();
      await fresh.execute(command());
      cold.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await snapshots.settled();
    // Without any snapshot (the first command on a project after a new fold version): the whole stream.
    const unsnapshotted: number[] = [];
    for (let i = 0; i < Math.max(5, Math.floor(repeats / 3)); i++) {
      const fresh = new ExecuteProjectCommandHandler(store);
      const t0 = process.hrtime.bigint();
      await fresh.execute(command());
      unsnapshotted.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // Where the cold time goes: the handler's steps, one by one.
    const parts = { snapshot: [] as number[], read: [] as number[], fold: [] as number[], decide: [] as number[], append: [] as number[], readAll: [] as number[], foldAll: [] as number[] };
    const lap = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
    // BENCH_CPU_PROF=<dir>: a CPU profile of these cold steps alone.
    const profile = process.env.BENCH_CPU_PROF ? startCpuProfile(process.env.BENCH_CPU_PROF, 'long-stream-cold') : null;
    for (let i = 0; i < Math.max(10, Math.floor(repeats / 2)); i++) {
      await snapshots.refresh(store, streamId);
      let t = process.hrtime.bigint();
      const history = await store.readStream(streamId);
      parts.readAll.push(lap(t));
      t = process.hrtime.bigint();
      foldProject(history);
      parts.foldAll.push(lap(t));
      t = process.hrtime.bigint();
      const snapshot = await snapshots.load(streamId);
      parts.snapshot.push(lap(t));
      t = process.hrtime.bigint();
      const newer = await store.readStream(streamId, { fromRevision: (snapshot?.state.revision ?? -1) + 1 });
      parts.read.push(lap(t));
      t = process.hrtime.bigint();
      const state = evolveAll(snapshot!.state, newer.map(toDomainEvent));
      parts.fold.push(lap(t));
      t = process.hrtime.bigint();
      const now = new Date().toISOString();
      const [event] = decide({ ...milestone(), metadata: { actor: OFFICE, now } } as ProjectCommand, state);
      parts.decide.push(lap(t));
      t = process.hrtime.bigint();
      await store.append(streamId, [{ eventId: randomUUID(), type: event.type, schemaVersion: 1, data: event.data, metadata: { occurredAt: now, actor: OFFICE } }], { expectedRevision: state.revision });
      parts.append.push(lap(t));
    }
    profile?.stop();
    const s = summarize(total);
    report.add({
      scenario: '3 long stream',
      metric: `one more command on a ${before + 1}-event project, warm (state cached): p50 / p99 over ${repeats}`,
      unit: 'ms',
      ours: s.p99,
      oursText: `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} ms`,
      goal: '< 20 ms (p99)',
      met: s.p99 < 20,
    });
    const c = summarize(cold);
    report.add({
      scenario: '3 long stream',
      metric: `the same, cold (fresh handler: snapshot + newer events, fold, decide, append): p50 / p99 over ${repeats}`,
      unit: 'ms',
      ours: c.p99,
      oursText: `${c.p50.toFixed(1)} / ${c.p99.toFixed(1)} ms`,
      goal: '< 20 ms (p99)',
      met: c.p99 < 20,
    });
    const u = summarize(unsnapshotted);
    report.add({
      scenario: '3 long stream',
      metric: 'the same, cold without a snapshot (the whole stream read and folded): p50 / p99',
      unit: 'ms',
      ours: u.p99,
      oursText: `${u.p50.toFixed(1)} / ${u.p99.toFixed(1)} ms`,
    });
    const p50 = (xs: number[]) => summarize(xs).p50.toFixed(2);
    report.add({
      scenario: '3 long stream',
      metric: 'where the cold time goes, p50: snapshot row / newer events / fold / decide / append',
      unit: 'ms',
      ours: summarize(parts.fold).p50,
      oursText: `${p50(parts.snapshot)} / ${p50(parts.read)} / ${p50(parts.fold)} / ${p50(parts.decide)} / ${p50(parts.append)} ms`,
    });
    report.add({
      scenario: '3 long stream',
      metric: 'without a snapshot, p50: read the whole stream / fold it',
      unit: 'ms',
      ours: summarize(parts.readAll).p50,
      oursText: `${p50(parts.readAll)} / ${p50(parts.foldAll)} ms`,
    });
    report.details.longStream = { events: before + 1, repeats, total: s, cold: c, coldWithoutSnapshot: u, parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarize(v)])) };
  } finally {
    await snapshots.settled();
    await store.close();
    await db.close();
  }
}
