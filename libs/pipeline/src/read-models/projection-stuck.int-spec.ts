import { randomUUID } from 'node:crypto';
import { ProjectionRunner } from '@app/event-store';
import type { Projection, ProjectionRunnerOptions, ProjectionStatus } from '@app/event-store';
import { availableEngines } from '@app/platform/testing';
import { projectStreamId } from '../application/project-stream';
import { PIPELINE_PROJECTIONS } from './read-model.projections';
import { ProjectStory, ReadModelKit, startReadModelKit } from './testing/read-model-test-kit';

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const byName = (status: ProjectionStatus[], name: string) => status.find((s) => s.name === name) as ProjectionStatus;

// An event the trial tracker cannot apply: written past the decider (title missing), so its NOT NULL column refuses it.
async function appendPoison(kit: ReadModelKit, projectId: string, trialId: string) {
  const [poison] = (
    await kit.store.append(
      projectStreamId(projectId),
      [
        {
          eventId: randomUUID(),
          type: 'TrialRegistered',
          schemaVersion: 1,
          data: { projectId, trialId, title: null, registry: 'NCT', registryId: 'NCT-poison', targetEnrolment: 10, registeredOn: '2025-06-01' },
          metadata: { occurredAt: '2025-06-01T00:00:00.000Z', actor: { id: 'office-li', name: 'Li Na', role: 'innovation_office' } },
        },
      ],
      { expectedRevision: 'any' },
    )
  ).events;
  return poison;
}

describe.each(availableEngines())('a projection that meets an event it cannot apply, on %s', (engine) => {
  let kit: ReadModelKit;
  let runner: ProjectionRunner;
  let trialApplies = 0;
  // The real trial tracker, counting its attempts (to see that a stuck projection does not retry in a loop).
  const counted: Projection[] = PIPELINE_PROJECTIONS.map((p) =>
    p.name !== 'trial_tracker'
      ? p
      : {
          ...p,
          apply: (tx, events) => {
            trialApplies++;
            return p.apply(tx, events);
          },
        },
  );
  const newRunner = (options: ProjectionRunnerOptions) =>
    new ProjectionRunner(kit.t.db, kit.store, counted, { pollIntervalMs: 20, lockRetryMs: 100, stuckAfterFailures: 2, ...options });

  beforeEach(async () => {
    kit = await startReadModelKit(engine, { start: false });
    trialApplies = 0;
  }, 60_000);
  afterEach(async () => {
    await runner?.stop();
    await kit.close();
  });

  it('stops that projection just before the event, says which, keeps the others running, and never retries in a loop', async () => {
    runner = newRunner({ stuckRetryMs: 60_000 });
    await runner.start();
    const s = new ProjectStory();
    // One batch: a good trial, then the poison, then more.
    await kit.append(s.projectId, [s.proposed(), s.trialRegistered('trial-good', 40)]);
    const poison = await appendPoison(kit, s.projectId, 'trial-poison');
    await kit.append(s.projectId, [s.milestone('after the poison'), s.trialRegistered('trial-after', 60)]);

    await until('trial_tracker stuck', async () => byName(await runner.status(), 'trial_tracker').stuck !== null);
    const head = await kit.store.headPosition();
    // The others applied everything, the poison included.
    expect(await runner.waitFor(head, 10_000, ['pipeline_board', 'stage_transitions', 'patent_register', 'activity_feed'])).toBe(true);
    expect(await kit.rows('SELECT count(*)::int AS n FROM activity_feed')).toEqual([{ n: 5 }]);

    const trials = byName(await runner.status(), 'trial_tracker');
    expect(trials.stuck).toMatchObject({
      eventId: poison.eventId,
      position: poison.globalPosition,
      type: 'TrialRegistered',
      streamId: projectStreamId(s.projectId),
      error: expect.stringMatching(/null value in column "title"/),
      attempts: 1,
    });
    // Everything before the poison is applied (the good trial), nothing after it (it never skips the event).
    expect(trials.position).toBe(poison.globalPosition - 1);
    expect(await kit.rows('SELECT trial_id FROM trial_tracker ORDER BY trial_id')).toEqual([{ trial_id: 'trial-good' }]);
    expect(trials.lag).toBeGreaterThan(0);

    // Persisted: another runner (another process, or the API reading the projector's checkpoints) sees it too.
    const reader = kit.newRunner();
    expect(byName(await reader.status(), 'trial_tracker').stuck).toMatchObject({ eventId: poison.eventId });

    // Parked: no more attempts until its retry is due.
    const attempts = trialApplies;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(trialApplies).toBe(attempts);

    // The others keep feeding.
    const later = await kit.append(s.projectId, [s.milestone('much later')]);
    expect(await runner.waitFor(later[0].globalPosition, 10_000, ['activity_feed'])).toBe(true);
  });

  it('resumes by itself once the cause is fixed, at its next retry (with backoff)', async () => {
    runner = newRunner({ stuckRetryMs: 300 });
    await runner.start();
    const s = new ProjectStory();
    await kit.append(s.projectId, [s.proposed()]);
    const poison = await appendPoison(kit, s.projectId, 'trial-poison');
    await kit.append(s.projectId, [s.trialRegistered('trial-after', 60)]);
    await until('trial_tracker stuck twice', async () => (byName(await runner.status(), 'trial_tracker').stuck?.attempts ?? 0) >= 2);
    const stuck = byName(await runner.status(), 'trial_tracker').stuck;
    expect(stuck).toMatchObject({ eventId: poison.eventId, attempts: 2 });
    // Backoff: the second wait is twice the first.
    expect(Date.parse(stuck?.retryAt as string) - Date.now()).toBeGreaterThan(300);

    // The fix (a release that accepts the event; here the column).
    await kit.t.db.query('ALTER TABLE trial_tracker ALTER COLUMN title DROP NOT NULL');
    await until('trial_tracker resumed', async () => byName(await runner.status(), 'trial_tracker').stuck === null);
    await kit.settle();
    expect(await kit.rows('SELECT trial_id FROM trial_tracker ORDER BY trial_id')).toEqual([{ trial_id: 'trial-after' }, { trial_id: 'trial-poison' }]);
  });

  it('resumes after an admin rebuilds it once the cause is fixed; a rebuild before the fix fails and leaves it stuck', async () => {
    runner = newRunner({ stuckRetryMs: 600_000 });
    await runner.start();
    const s = new ProjectStory();
    await kit.append(s.projectId, [s.proposed()]);
    const poison = await appendPoison(kit, s.projectId, 'trial-poison');
    await until('trial_tracker stuck', async () => byName(await runner.status(), 'trial_tracker').stuck !== null);

    // The failed rebuild names the event and the projection, as the stuck status does.
    await expect(runner.rebuildAndWait('trial_tracker')).rejects.toThrow(`trial_tracker cannot apply event ${poison.eventId} (position ${poison.globalPosition}, TrialRegistered): null value in column "title"`);
    expect(byName(await runner.status(), 'trial_tracker').stuck).toMatchObject({ eventId: poison.eventId });

    await kit.t.db.query('ALTER TABLE trial_tracker ALTER COLUMN title DROP NOT NULL');
    await runner.rebuildAndWait('trial_tracker');
    expect(byName(await runner.status(), 'trial_tracker').stuck).toBeNull();
    const after = await kit.append(s.projectId, [s.trialRegistered('trial-after', 60)]);
    // Fed live again (well before the ten-minute retry).
    expect(await runner.waitFor(after[0].globalPosition, 10_000, ['trial_tracker'])).toBe(true);
    expect(await kit.rows('SELECT trial_id FROM trial_tracker ORDER BY trial_id')).toEqual([{ trial_id: 'trial-after' }, { trial_id: 'trial-poison' }]);
  });
});
