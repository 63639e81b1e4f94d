import request from 'supertest';
import { verifyEventStore } from '@app/event-store';
import { proposeProject } from '../support/fixtures';
import { ADMIN, LEAD, MANAGER, startTestApp, TestApp } from '../support/test-app';

// The hash chain: an event row edited, deleted or moved in SQL, behind the application's back, is named by verify.
describe('tamper evidence (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const milestone = (n: number) => ({ title: `Bench run ${n}`, description: 'Within tolerance', occurredOn: '2026-03-01' });

  /** A project with four events (revisions 0-3); returns its id and event ids by revision. */
  async function projectWithHistory(): Promise<{ id: string; eventIds: string[] }> {
    const id = await proposeProject(t.http);
    for (const n of [1, 2, 3]) await request(t.http).post(`/projects/${id}/milestones`).set(LEAD).send(milestone(n)).expect(200);
    const history = (await request(t.http).get(`/projects/${id}/history`).set(MANAGER).expect(200)).body;
    return { id, eventIds: history.events.map((e: { eventId: string }) => e.eventId) };
  }

  // As an intruder with the table owner's rights would: the append-only trigger off, the change, the trigger on.
  async function behindTheBack(sql: string, params: unknown[] = []): Promise<void> {
    await t.database.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
    });
  }

  it('stores a hash chained to the previous event of the stream, and an intact store verifies', async () => {
    const { id } = await projectWithHistory();
    const { rows } = await t.database.db.query<{ stream_revision: number; prev: string; hash: string }>(
      `SELECT stream_revision, encode(prev_hash, 'hex') AS prev, encode(hash, 'hex') AS hash
         FROM events WHERE stream_id = $1 ORDER BY stream_revision`,
      [`project-${id}`],
    );
    expect(rows[0].prev).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev).toBe(rows[i - 1].hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);

    const report = await verifyEventStore(t.database.db);
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.events).toBeGreaterThanOrEqual(4);
    const api = (await request(t.http).get('/admin/verify').set(ADMIN).expect(200)).body;
    expect(api).toMatchObject({ ok: true, problems: [], events: report.events });
  });

  it('keeps UPDATE and DELETE out while the trigger is on', async () => {
    const { id } = await projectWithHistory();
    await expect(t.database.db.query(`UPDATE events SET reason = 'x' WHERE stream_id = $1`, [`project-${id}`])).rejects.toThrow(/append-only/);
    await expect(t.database.db.query(`DELETE FROM events WHERE stream_id = $1`, [`project-${id}`])).rejects.toThrow(/append-only/);
  });

  it('names exactly the event whose row was edited in SQL', async () => {
    const { id, eventIds } = await projectWithHistory();
    await behindTheBack(
      `UPDATE events SET data = jsonb_set(data, '{title}', '"Bench run 2 (all within 5%)"') WHERE stream_id = $1 AND stream_revision = 2`,
      [`project-${id}`],
    );
    const report = await verifyEventStore(t.database.db);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'altered', streamId: `project-${id}`, revision: 2, eventId: eventIds[2] }),
    ]);
    // The admin endpoint reports the same.
    const api = (await request(t.http).get('/admin/verify').set(ADMIN).expect(200)).body;
    expect(api.problems).toEqual([expect.objectContaining({ kind: 'altered', eventId: eventIds[2] })]);
    await behindTheBack(`DELETE FROM events WHERE stream_id = $1`, [`project-${id}`]);
    await t.database.db.query('DELETE FROM streams WHERE stream_id = $1', [`project-${id}`]);
  });

  it('names a metadata edit too (who did it is part of the content)', async () => {
    const { id, eventIds } = await projectWithHistory();
    await behindTheBack(
      `UPDATE events SET metadata = jsonb_set(metadata, '{actor,name}', '"Someone Else"') WHERE stream_id = $1 AND stream_revision = 1`,
      [`project-${id}`],
    );
    const { problems } = await verifyEventStore(t.database.db);
    expect(problems.map((p) => [p.kind, p.eventId])).toEqual([['altered', eventIds[1]]]);
    await behindTheBack(`DELETE FROM events WHERE stream_id = $1`, [`project-${id}`]);
    await t.database.db.query('DELETE FROM streams WHERE stream_id = $1', [`project-${id}`]);
  });

  it('names the revisions of a deleted row, and of deleted last rows', async () => {
    const { id } = await projectWithHistory();
    await behindTheBack(`DELETE FROM events WHERE stream_id = $1 AND stream_revision = 1`, [`project-${id}`]);
    let { problems } = await verifyEventStore(t.database.db);
    expect(problems).toEqual([expect.objectContaining({ kind: 'removed', streamId: `project-${id}`, revision: 1, eventId: null })]);

    await behindTheBack(`DELETE FROM events WHERE stream_id = $1 AND stream_revision = 3`, [`project-${id}`]);
    ({ problems } = await verifyEventStore(t.database.db));
    expect(problems.map((p) => [p.kind, p.revision])).toEqual([
      ['removed', 1],
      ['removed', 3],
    ]);
    await behindTheBack(`DELETE FROM events WHERE stream_id = $1`, [`project-${id}`]);
    await t.database.db.query('DELETE FROM streams WHERE stream_id = $1', [`project-${id}`]);
  });

  it('names both events of a swapped order', async () => {
    const { id, eventIds } = await projectWithHistory();
    const stream = `project-${id}`;
    // Three steps: the (stream, revision) key is checked row by row.
    await behindTheBack(`UPDATE events SET stream_revision = -1 WHERE stream_id = $1 AND stream_revision = 1`, [stream]);
    await behindTheBack(`UPDATE events SET stream_revision = 1 WHERE stream_id = $1 AND stream_revision = 2`, [stream]);
    await behindTheBack(`UPDATE events SET stream_revision = 2 WHERE stream_id = $1 AND stream_revision = -1`, [stream]);
    const { problems } = await verifyEventStore(t.database.db);
    expect(new Set(problems.map((p) => p.eventId))).toEqual(new Set([eventIds[1], eventIds[2]]));
    expect(problems.map((p) => p.kind)).toContain('reordered');
    expect(problems.every((p) => p.streamId === stream)).toBe(true);
  });

  it('lets only an admin run the check', async () => {
    await request(t.http).get('/admin/verify').set(MANAGER).expect(403);
    await request(t.http).get('/admin/verify').expect(401);
  });
});
