import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { appendEventsStatement } from '@app/event-store';
import type { NewEvent } from '@app/event-store';
import { EVENT_SCHEMA_VERSION, projectStreamId } from '@app/pipeline';
import type { ProjectEvent } from '@app/pipeline';
import { ProjectStory, ReadModelKit, startReadModelKit } from '../../libs/pipeline/src/read-models/testing/read-model-test-kit';
import { expectReadModelsEqualFreshReplay } from '../support/replay';
import { describeOnServer } from './support/r1-http';

// Writers whose transactions commit in a different order than they took their global positions, some rolled
// back, one held open for seconds, while the projection runner feeds every read model in small batches. A reader
// that moved its checkpoint past a position still uncommitted would skip that event for good: the checks below
// (every position in the activity feed, every event counted by every projection, tables equal to a fresh replay)
// catch exactly that.
const WRITERS = 10;
const TRANSACTIONS_PER_WRITER = 24;
const HOLD_OPEN_MS = 1_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A project's life, one transaction per step, as a slice of the read models' test stories. */
function storySteps(story: ProjectStory, n: number): ProjectEvent[][] {
  const patent = randomUUID();
  const trial = randomUUID();
  return [
    [story.proposed({ title: `Device ${n}` })],
    [story.advanced('idea', 'patent', '2025-02-01T00:00:00.000Z'), story.patentFiled(patent)],
    [story.trialRegistered(trial, 100)],
    [story.firstPatientIn(trial), story.enrolment(trial, 40 + (n % 30))],
    [story.milestone(`Interim analysis ${n}`)],
    [story.patentGranted(patent)],
    n % 3 === 0 ? [story.killed('patent', '2025-09-01T00:00:00.000Z')] : [story.trialCompleted(trial, n % 2 === 0)],
  ];
}

function envelope(event: ProjectEvent): NewEvent {
  const data = event.data as { proposedAt?: string; signature?: { signedAt?: string }; reason?: string };
  return {
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSION[event.type],
    data: event.data,
    metadata: {
      occurredAt: data.proposedAt ?? data.signature?.signedAt ?? new Date().toISOString(),
      actor: { id: 'office-li', name: 'Li Na', role: 'innovation_office' },
      ...(data.reason ? { reason: data.reason } : {}),
    },
  };
}

describeOnServer('Out-of-order commits suite', 'concurrent transactions need a PostgreSQL server')('out-of-order commits under a running projector (reliability)', () => {
  let kit: ReadModelKit;
  const clients: Client[] = [];

  beforeAll(async () => {
    // Small batches and fast polls: the runner reads many times while transactions are still open.
    kit = await startReadModelKit('postgres', { runner: { batchSize: 7, pollIntervalMs: 5 } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await kit?.close();
  });

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: kit.t.url });
    clients.push(client);
    await client.connect();
    return client;
  }

  /** Appends in a transaction of its own, pausing inside it; rolled back instead of committed when asked. */
  async function transaction(client: Client, appends: [string, ProjectEvent[]][], holdMs: number, rollback: boolean): Promise<string[]> {
    const ids: string[] = [];
    const positions: number[] = [];
    await client.query('BEGIN');
    await client.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
    for (const [projectId, events] of appends) {
      const envelopes = events.map(envelope);
      const { text, values } = appendEventsStatement(projectStreamId(projectId), envelopes, 'any');
      const { rows } = await client.query<{ positions: string[] }>(text, values);
      ids.push(...envelopes.map((e) => e.eventId));
      positions.push(...rows[0].positions.map(Number));
    }
    await sleep(holdMs);
    await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
    if (rollback) return [];
    commitOrder.push(Math.min(...positions));
    return ids;
  }

  // The lowest position of each committed transaction, in commit order.
  const commitOrder: number[] = [];

  it(`projects every committed event once while ${WRITERS} writers commit out of order and one holds its transaction open`, async () => {
    const started = Date.now();
    const committed: string[] = [];
    // One project every writer also logs milestones on: its stream row makes writers queue behind each other
    // while they hold positions taken earlier.
    const shared = new ProjectStory();
    committed.push(...(await kit.append(shared.projectId, [shared.proposed({ title: 'Shared single-port robot' })])).map((e) => e.eventId));
    let rolledBack = 0;

    const writer = async (w: number) => {
      const client = await connect();
      let story = new ProjectStory();
      let steps = storySteps(story, w * 100);
      let step = 0;
      for (let i = 0; i < TRANSACTIONS_PER_WRITER; i++) {
        if (step === steps.length) {
          story = new ProjectStory();
          steps = storySteps(story, w * 100 + i);
          step = 0;
        }
        const appends: [string, ProjectEvent[]][] = [[story.projectId, steps[step]]];
        if (i % 4 === w % 4) appends.push([shared.projectId, [shared.milestone(`Writer ${w} run ${i}`)]]);
        const rollback = Math.random() < 0.15;
        committed.push(...(await transaction(client, appends, Math.random() * 30, rollback)));
        // A rolled-back step is tried again, as a client would, so every story stays whole.
        if (rollback) rolledBack++;
        else step++;
      }
    };
    // Takes a low position early and commits long after everyone else.
    const slowWriter = async () => {
      const client = await connect();
      const story = new ProjectStory();
      committed.push(...(await transaction(client, [[story.projectId, [story.proposed({ title: 'Slow committer' })]]], HOLD_OPEN_MS, false)));
    };
    await Promise.all([slowWriter(), ...Array.from({ length: WRITERS }, (_, w) => writer(w))]);
    const wrote = Date.now() - started;
    // Transactions that committed after one holding a higher position: what a naive reader would skip.
    const lateCommits = commitOrder.filter((p, i) => commitOrder.slice(0, i).some((earlier) => earlier > p)).length;
    expect(lateCommits).toBeGreaterThan(WRITERS);

    const { rows: stored } = await kit.t.db.query<{ event_id: string; global_position: string }>(
      'SELECT event_id, global_position FROM events ORDER BY global_position',
    );
    expect(stored.map((r) => r.event_id).sort()).toEqual([...committed].sort());
    const positions = stored.map((r) => Number(r.global_position));
    const head = positions[positions.length - 1];
    expect(await kit.runner.waitFor(head, 30_000)).toBe(true);

    // Zero skipped: the feed has a row for every global position, each projection counted every event once,
    // and every checkpoint is the store's head.
    const { rows: feed } = await kit.t.db.query<{ global_position: string }>('SELECT global_position FROM activity_feed ORDER BY 1');
    expect(feed.map((r) => Number(r.global_position))).toEqual(positions);
    const { rows: checkpoints } = await kit.t.db.query<{ name: string; events_applied: string }>(
      'SELECT name, events_applied FROM projection_checkpoints ORDER BY name',
    );
    expect(checkpoints.map((c) => [c.name, Number(c.events_applied)])).toEqual(
      [...kit.runner.names].sort().map((name) => [name, stored.length]),
    );
    const headCheckpoint = await kit.store.headCheckpoint();
    for (const s of await kit.runner.status()) {
      expect({ name: s.name, checkpoint: s.checkpoint, lag: s.lag }).toEqual({ name: s.name, checkpoint: headCheckpoint, lag: 0 });
    }
    console.log(
      `${stored.length} events committed by ${WRITERS + 1} writers in ${wrote} ms (${lateCommits} transactions committed after a ` +
        `higher position, ${rolledBack} rolled back, ` +
        `positions ${positions[0]}..${head}); projections at the head ${Date.now() - started - wrote} ms later`,
    );

    await expectReadModelsEqualFreshReplay(kit.t);
  }, 90_000);
});
