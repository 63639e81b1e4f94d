import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '../e2e/support/processes';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../e2e/support/test-app';
import { call, describeOnServer, isProblem, listenOnLoopback, Reply, tally } from './support/r1-http';

// Fifty clients at once on one project, over real loopback sockets into the app on the PostgreSQL server:
// whatever the interleaving, one decision, one write per Idempotency-Key, one project per id. Signatures
// (argon2id) and the event loop would spread the requests out so that most merely read the winner's result;
// a slow writer holding the stream's row instead makes every request decide on the same state and queue at
// the append, where only the store's guards stand between them and a second write.
const N = 50;
const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

describeOnServer('Races suite', 'on PGlite (one connection) the requests serialise and prove nothing')('races on one project (reliability)', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    base = await listenOnLoopback(t.app);
  }, 60_000);
  afterAll(() => t?.close());

  /**
   * Sends the requests while a transaction of ours holds the project's stream row (or, for a stream not
   * there yet, an uncommitted insert of it); lets go once the racers stop piling up behind it, then rolls back.
   */
  async function raceBehindSlowWriter<T>(projectId: string, send: () => Promise<T>): Promise<T> {
    const streamId = `project-${projectId}`;
    // Own connections: the racers may take every connection of the app's pool while they wait.
    const [blocker, observer] = [new Client({ connectionString: t.database.url }), new Client({ connectionString: t.database.url })];
    await Promise.all([blocker.connect(), observer.connect()]);
    try {
      await blocker.query('BEGIN');
      const { rowCount } = await blocker.query('SELECT 1 FROM streams WHERE stream_id = $1 FOR UPDATE', [streamId]);
      if (!rowCount) await blocker.query('INSERT INTO streams (stream_id, revision) VALUES ($1, 0)', [streamId]);
      const sent = send();
      let last = -1;
      let steady = 0;
      const waiting = await eventually('racers queued behind the slow writer', async () => {
        const { rows } = await observer.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        const n = Number(rows[0].n);
        steady = n === last ? steady + 1 : 0;
        last = n;
        return n >= 10 && steady >= 3 && n;
      }, 20_000);
      console.log(`${waiting} requests waiting at the append when the slow writer let go`);
      await blocker.query('ROLLBACK');
      return await sent;
    } finally {
      await Promise.all([blocker.end(), observer.end()]);
    }
  }

  const all = (n: number, send: (i: number) => Promise<Reply>) => Promise.all(Array.from({ length: n }, (_, i) => send(i)));

  /** Counts the stored events of a project's stream, by type (from the store itself, not a read model). */
  async function storedTypes(projectId: string): Promise<Record<string, number>> {
    const { rows } = await t.database.db.query<{ type: string; n: string }>(
      'SELECT type, count(*) AS n FROM events WHERE stream_id = $1 GROUP BY type',
      [`project-${projectId}`],
    );
    return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
  }

  /** A proposed project with its invention disclosure, at revision 1: ready for the idea → patent "go". */
  async function projectReadyForPatentGate(): Promise<string> {
    const proposal = glucoseDetectorProposal();
    expect((await call(base, 'POST', '/projects', proposal, OFFICE)).status).toBe(201);
    const disclosure = { title: 'Fingertip NIR glucose sensing', summary: 'Two-wavelength absorption', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' };
    const res = await call(base, 'POST', `/projects/${proposal.projectId}/invention-disclosures`, disclosure, OFFICE);
    expect({ status: res.status, revision: res.body.revision }).toEqual({ status: 200, revision: 1 });
    return proposal.projectId as string;
  }

  /** Exactly one decision recorded; every other request refused in problem+json with one of `codes`. */
  function expectOneWinner(replies: Reply[], codes: Record<number, string[]>): Reply {
    const winners = replies.filter((r) => r.status === 200);
    expect({ winners: winners.length, tally: tally(replies) }).toMatchObject({ winners: 1 });
    for (const r of replies.filter((x) => x.status !== 200)) {
      expect({ status: r.status, problem: isProblem(r), allowed: (codes[r.status] ?? []).includes(r.body.code) }).toEqual({
        status: r.status,
        problem: true,
        allowed: true,
      });
    }
    return winners[0];
  }

  it(`${N} concurrent gate decisions with one If-Match: one is signed, the rest get 412 (or 409), one event`, async () => {
    const projectId = await projectReadyForPatentGate();
    const replies = await raceBehindSlowWriter(projectId, () =>
      all(N, () => call(base, 'POST', `/projects/${projectId}/gate-decisions`, { decision: 'go', signature }, { ...OFFICE, 'If-Match': '"1"' })),
    );
    console.log(`gate decisions with If-Match: ${JSON.stringify(tally(replies))}`);
    const winner = expectOneWinner(replies, { 412: ['stale_revision'], 409: ['concurrent_modification'] });
    expect(winner.body).toMatchObject({ revision: 2, events: [{ type: 'StageAdvanced' }] });
    expect(winner.headers.get('etag')).toBe('"2"');
    // Every 412 names the revision the project is really at.
    for (const r of replies.filter((x) => x.status === 412)) expect(r.headers.get('etag')).toBe('"2"');
    expect(await storedTypes(projectId)).toEqual({ ProjectProposed: 1, InventionDisclosureRecorded: 1, StageAdvanced: 1 });
  }, 60_000);

  it(`${N} concurrent gate decisions without If-Match: none is signed (428: a signature names the revision its signer saw), nothing written`, async () => {
    const projectId = await projectReadyForPatentGate();
    const replies = await all(N, () => call(base, 'POST', `/projects/${projectId}/gate-decisions`, { decision: 'go', signature }, OFFICE));
    console.log(`gate decisions without If-Match: ${JSON.stringify(tally(replies))}`);
    expect(replies.map((r) => `${r.status} ${(r.body as { code?: string }).code}`)).toEqual(replies.map(() => '428 precondition_required'));
    expect(await storedTypes(projectId)).toEqual({ ProjectProposed: 1, InventionDisclosureRecorded: 1 });
  }, 60_000);

  it(`${N} concurrent retries with one Idempotency-Key amid other writers: all 2xx with one event id, one event`, async () => {
    const projectId = await projectReadyForPatentGate();
    const key = `r1-${randomUUID()}`;
    const milestone = (title: string) => ({ title, description: 'Bench run against 40 reference samples', occurredOn: '2026-03-01' });
    // Twenty other commands on the same stream at the same time keep moving the revision under the retries.
    const [retries, others] = await raceBehindSlowWriter(projectId, () =>
      Promise.all([
        all(N, () => call(base, 'POST', `/projects/${projectId}/milestones`, milestone('Bench accuracy 11% MARD'), { ...LEAD, 'Idempotency-Key': key })),
        all(20, (i) => call(base, 'POST', `/projects/${projectId}/milestones`, milestone(`Other run ${i}`), LEAD)),
      ]),
    );
    console.log(`idempotent retries: ${JSON.stringify(tally(retries))}, other writers: ${JSON.stringify(tally(others))}`);
    expect(tally(retries)).toEqual({ 200: N });
    // An unkeyed command that loses every round of its retries may be refused (409, "retry"): never written twice.
    const othersWritten = others.filter((r) => r.status === 200).length;
    for (const r of others.filter((x) => x.status !== 200)) expect({ status: r.status, code: r.body.code }).toEqual({ status: 409, code: 'concurrent_modification' });
    const eventIds = new Set(retries.map((r) => r.body.events?.[0]?.eventId));
    expect(eventIds.size).toBe(1);
    expect(new Set(retries.map((r) => r.headers.get('etag'))).size).toBe(1);
    // Exactly one response wrote; the others are replays of it.
    expect(retries.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);

    // The store deduplicates on the key within the account's scope.
    const { rows } = await t.database.db.query<{ event_id: string }>(
      'SELECT event_id FROM events WHERE stream_id = $1 AND idempotency_key = $2',
      [`project-${projectId}`, `dr-chen:${key}`],
    );
    expect(rows.map((r) => r.event_id)).toEqual([...eventIds]);
    expect(await storedTypes(projectId)).toEqual({ ProjectProposed: 1, InventionDisclosureRecorded: 1, MilestoneLogged: 1 + othersWritten });
  }, 60_000);

  it(`${N} concurrent requests with one Idempotency-Key from two accounts, one of them with two bodies: one write per account, the other body 422`, async () => {
    const projectId = await projectReadyForPatentGate();
    const key = `r1-${randomUUID()}`;
    const milestone = (title: string) => ({ title, description: 'Bench run against 40 reference samples', occurredOn: '2026-03-01' });
    const officeBody = (i: number) => milestone(i % 2 ? 'Office run B' : 'Office run A');
    const [byOffice, byLead] = await raceBehindSlowWriter(projectId, () =>
      Promise.all([
        all(N, (i) => call(base, 'POST', `/projects/${projectId}/milestones`, officeBody(i), { ...OFFICE, 'Idempotency-Key': key })),
        all(N / 2, () => call(base, 'POST', `/projects/${projectId}/milestones`, milestone('Lead run'), { ...LEAD, 'Idempotency-Key': key })),
      ]),
    );
    console.log(`one key, office with two bodies: ${JSON.stringify(tally(byOffice))}, lead: ${JSON.stringify(tally(byLead))}`);
    // The lead's key is its own: all its requests answer its one write.
    expect(tally(byLead)).toEqual({ 200: N / 2 });
    expect(new Set(byLead.map((r) => r.body.events[0].eventId)).size).toBe(1);
    // The office's first body to land is the request; its retries replay it, the other body is refused.
    const written = byOffice.find((r) => r.status === 200 && r.headers.get('idempotent-replayed') !== 'true')!;
    const winningTitle = officeBody(byOffice.indexOf(written)).title;
    byOffice.forEach((r, i) => {
      if (officeBody(i).title === winningTitle) expect({ i, status: r.status, eventId: r.body.events?.[0].eventId }).toEqual({ i, status: 200, eventId: written.body.events[0].eventId });
      else expect({ i, status: r.status, problem: isProblem(r), code: r.body.code }).toEqual({ i, status: 422, problem: true, code: 'idempotency_key_reused' });
    });
    expect(byLead[0].body.events[0].eventId).not.toBe(written.body.events[0].eventId);

    const { rows } = await t.database.db.query<{ key: string; title: string }>(
      `SELECT idempotency_key AS key, data ->> 'title' AS title FROM events WHERE stream_id = $1 AND type = 'MilestoneLogged' ORDER BY 1`,
      [`project-${projectId}`],
    );
    expect(rows).toEqual([
      { key: `dr-chen:${key}`, title: 'Lead run' },
      { key: `office-li:${key}`, title: winningTitle },
    ]);
  }, 60_000);

  it(`${N} concurrent proposals of one project id: one 201, the rest 409, one event and one board row`, async () => {
    const proposal = glucoseDetectorProposal();
    const projectId = proposal.projectId as string;
    const replies = await raceBehindSlowWriter(projectId, () => all(N, () => call(base, 'POST', '/projects', proposal, OFFICE)));
    console.log(`proposals of one id: ${JSON.stringify(tally(replies))}`);
    const created = replies.filter((r) => r.status === 201);
    expect({ created: created.length, tally: tally(replies) }).toMatchObject({ created: 1 });
    for (const r of replies.filter((x) => x.status !== 201)) {
      expect({ status: r.status, problem: isProblem(r), code: r.body.code }).toEqual({ status: 409, problem: true, code: 'project_already_exists' });
    }
    expect(await storedTypes(projectId)).toEqual({ ProjectProposed: 1 });

    // Once the projections have applied the proposal, the board holds the project exactly once.
    const board = await call(base, 'GET', `/pipeline/board?position=${created[0].body.globalPosition}`, undefined, MANAGER);
    expect(board.status).toBe(200);
    const { rows } = await t.database.db.query<{ n: string }>('SELECT count(*) AS n FROM pipeline_board WHERE project_id = $1', [projectId]);
    expect(Number(rows[0].n)).toBe(1);
    const feed = await t.database.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM activity_feed WHERE project_id = $1 AND type = 'ProjectProposed'`,
      [projectId],
    );
    expect(Number(feed.rows[0].n)).toBe(1);
  }, 60_000);
});
