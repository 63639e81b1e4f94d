import request from 'supertest';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { projectStreamId } from '@app/pipeline';
import { glucoseDetectorProposal, proposeProject } from './support/fixtures';
import { LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from './support/test-app';

// An Idempotency-Key is scoped to (account, project and command, the request's hash): a replay answers only the
// account that sent the key, only the request it was sent with, and only while that account may still send it.
describe('idempotency keys (e2e)', () => {
  let t: TestApp;
  let outsider: Record<string, string>;
  let colleague: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    // Clinicians on no fixture project's team; dr-lin joins one below.
    outsider = await t.createUser({ username: 'dr-outsider', name: 'Dr. Out Side', role: 'clinician' });
    colleague = await t.createUser({ username: 'dr-lin', name: 'Dr. Lin Hui', role: 'clinician' });
  });
  afterAll(() => t.close());

  const milestone = (title = 'Bench prototype') => ({ title, description: 'n=12, within tolerance', occurredOn: '2025-06-01' });
  const logMilestone = (id: string, who: Record<string, string>, key: string, body: object = milestone()) =>
    request(t.http).post(`/projects/${id}/milestones`).set(who).set('Idempotency-Key', key).send(body);
  const stored = (id: string): Promise<RecordedEvent[]> => t.app.get<EventStore>(EVENT_STORE).readStream(projectStreamId(id));
  const types = async (id: string) => (await stored(id)).map((e) => e.type);

  it('replays a retry of the same request by the same account: 200, Idempotent-Replayed, the first body, nothing written', async () => {
    const id = await proposeProject(t.http);
    const first = await logMilestone(id, OFFICE, 'k-same').expect(200);
    // The same JSON in another key order is the same request.
    const { occurredOn, description, title } = milestone();
    const retry = await logMilestone(id, OFFICE, 'k-same', { occurredOn, description, title }).expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await types(id)).toEqual(['ProjectProposed', 'MilestoneLogged']);
  });

  it('refuses a key reused for another command (a kill sent with a milestone’s key): 422 idempotency_key_reused, nothing written', async () => {
    const id = await proposeProject(t.http);
    await logMilestone(id, OFFICE, 'k-milestone').expect(200);
    const kill = {
      decision: 'kill',
      reason: 'Partner withdrew funding',
      signature: { meaning: 'approved to terminate', printedName: 'Li Na', password: OFFICE_PASSWORD },
    };
    const res = await request(t.http)
      .post(`/projects/${id}/gate-decisions`)
      .set(OFFICE)
      .set('If-Match', '"1"')
      .set('Idempotency-Key', 'k-milestone')
      .send(kill)
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await types(id)).toEqual(['ProjectProposed', 'MilestoneLogged']);
    const project = (await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200)).body;
    expect(project.status).toBe('active');
  });

  it('refuses a key reused on the same route with another body: 422, nothing written', async () => {
    const id = await proposeProject(t.http);
    await logMilestone(id, LEAD, 'k-body').expect(200);
    const res = await logMilestone(id, LEAD, 'k-body', milestone('Second prototype')).expect(422);
    expect(res.body.code).toBe('idempotency_key_reused');
    expect(await types(id)).toEqual(['ProjectProposed', 'MilestoneLogged']);
  });

  it('treats the same key from two accounts as two requests', async () => {
    const id = await proposeProject(t.http);
    const byOffice = await logMilestone(id, OFFICE, 'k-shared').expect(200);
    const byLead = await logMilestone(id, LEAD, 'k-shared').expect(200);
    expect(byLead.headers['idempotent-replayed']).toBeUndefined();
    expect(byLead.body.events[0].eventId).not.toBe(byOffice.body.events[0].eventId);
    expect(byLead.body.revision).toBe(2);
    // Each account's retry replays its own.
    const leadRetry = await logMilestone(id, LEAD, 'k-shared').expect(200);
    expect(leadRetry.headers['idempotent-replayed']).toBe('true');
    expect(leadRetry.body).toEqual(byLead.body);
    const events = await stored(id);
    expect(events.map((e) => [e.metadata.actor.account, e.metadata.idempotencyKey, e.metadata.idempotency])).toEqual([
      ['office-li', undefined, undefined],
      ['office-li', 'office-li:k-shared', expect.objectContaining({ key: 'k-shared', account: 'office-li', command: 'LogMilestone' })],
      ['dr-chen', 'dr-chen:k-shared', expect.objectContaining({ key: 'k-shared', account: 'dr-chen', command: 'LogMilestone' })],
    ]);
  });

  it('never replays to a clinician off the team who sends an office user’s key: the domain refuses them (403)', async () => {
    const id = await proposeProject(t.http);
    await logMilestone(id, OFFICE, 'k-office').expect(200);
    const res = await logMilestone(id, outsider, 'k-office').expect(403);
    expect(res.body.code).toBe('not_a_team_member');
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await types(id)).toEqual(['ProjectProposed', 'MilestoneLogged']);
  });

  it('authorises a replay: a clinician taken off the team gets 403 for a retry of their own request', async () => {
    const id = await proposeProject(t.http);
    await request(t.http).post(`/projects/${id}/team-members`).set(OFFICE).send({ member: { id: 'dr-lin', name: 'Dr. Lin Hui' }, teamRole: 'clinician' }).expect(200);
    await logMilestone(id, colleague, 'k-lin').expect(200);
    await request(t.http).post(`/projects/${id}/team-members/dr-lin/removal`).set(OFFICE).send({ reason: 'Moved to another hospital' }).expect(200);
    const res = await logMilestone(id, colleague, 'k-lin').expect(403);
    expect(res.body.code).toBe('not_a_team_member');
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays a signed gate decision without storing or comparing its password', async () => {
    const id = await proposeProject(t.http);
    const hold = (password: string) => ({ decision: 'hold', reason: 'Awaiting funding', signature: { meaning: 'pause', printedName: 'Li Na', password } });
    const send = () => request(t.http).post(`/projects/${id}/gate-decisions`).set(OFFICE).set('If-Match', '"0"').set('Idempotency-Key', 'k-hold');
    const first = await send().send(hold(OFFICE_PASSWORD)).expect(200);
    const retry = await send().send(hold(OFFICE_PASSWORD)).expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    // A wrong password is refused before any replay.
    await send().send(hold('not-the-password')).expect(401);
    const [, held] = await stored(id);
    expect(JSON.stringify(held)).not.toContain(OFFICE_PASSWORD);
  });

  it('records the account that acted beside the person, in the metadata and the history', async () => {
    const body = glucoseDetectorProposal();
    await request(t.http).post('/projects').set(OFFICE).send(body).expect(201);
    const [proposed] = await stored(body.projectId);
    expect(proposed.metadata.actor).toEqual({ id: 'office-li', name: 'Li Na', role: 'innovation_office', account: 'office-li' });
    const history = (await request(t.http).get(`/projects/${body.projectId}/history`).set(MANAGER).expect(200)).body;
    expect(history.events[0].actor).toMatchObject({ id: 'office-li', account: 'office-li' });
  });
});
