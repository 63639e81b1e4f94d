import request from 'supertest';
import { proposeProject } from '../support/fixtures';
import { LEAD, LEAD_AS_OFFICE, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

// The in-app inbox and each account's preferences (issue 16).
describe('notifications (e2e)', () => {
  let t: TestApp;
  let sari: Record<string, string>;
  let project: string;
  let position: number;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    sari = await t.createUser({ username: 'dr-sari', name: 'dr. Sari Wulandari', role: 'clinician' });
    project = await proposeProject(t.http);
    const kill = await request(t.http).post(`/projects/${project}/gate-decisions`).set(OFFICE).set('If-Match', '"0"').send({ decision: 'kill', reason: 'Partner <withdrew>', signature }).expect(200);
    position = kill.body.globalPosition;
  }, 60_000);
  afterAll(() => t.close());

  const inbox = (headers: Record<string, string>, query: Record<string, unknown> = {}) =>
    request(t.http).get('/me/notifications').query({ position, ...query }).set(headers).expect(200);

  it('tells the project’s people of a gate decision, and nobody else', async () => {
    const lead = (await inbox(LEAD)).body;
    expect(lead).toMatchObject({ total: 1, unread: 1 });
    expect(lead.items[0]).toMatchObject({ kind: 'gate_decision', projectId: project, title: 'Gate decision on Non-invasive blood-glucose detector', readAt: null });
    expect(lead.items[0].body).toBe('Li Na decided: kill (idea). Reason: Partner <withdrew>');
    // The same person's office account hears of it too; management, not on the team, does not.
    expect((await inbox(LEAD_AS_OFFICE)).body.items.map((n: { kind: string }) => n.kind)).toEqual(['gate_decision']);
    expect((await inbox(MANAGER)).body).toMatchObject({ total: 0, items: [] });
    await request(t.http).get('/me/notifications').expect(401);
  });

  it('tells the office of an idea awaiting screening, and its submitter of the answer; marks read one or all', async () => {
    const submitted = await request(t.http)
      .post('/ideas')
      .set(sari)
      .send({ title: 'Alat bantu dengar murah', clinicalNeed: 'Hearing aids cost a month of wages.', summary: 'Cheap', deviceType: 'hearing aid', therapeuticArea: 'ent', institution: 'RS Wahidin', department: 'ENT' })
      .expect(201);
    const id = submitted.body.projectId;
    const office = (await inbox(OFFICE, { position: submitted.body.globalPosition })).body;
    expect(office.items.map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([['idea_awaiting_screening', 'Idea awaiting screening: Alat bantu dengar murah']]);
    const declined = await request(t.http).post(`/ideas/${id}/decline`).set(OFFICE).send({ reason: 'Serupa dengan proyek lain' }).expect(200);
    const mine = (await inbox(sari, { position: declined.body.globalPosition })).body;
    expect(mine.items).toEqual([expect.objectContaining({ kind: 'idea_declined', title: 'Your idea was declined: Alat bantu dengar murah', body: 'Li Na declined it. Reason: Serupa dengan proyek lain' })]);

    // Another account's notification is not found; one's own is read, and reading it again changes nothing.
    await request(t.http).post(`/me/notifications/${mine.items[0].id}/read`).set(LEAD).expect(404);
    // An id PostgreSQL text cannot hold (a NUL) names no notification: 404, never a 500.
    await request(t.http).post('/me/notifications/%00/read').set(sari).expect(404);
    await request(t.http).post(`/me/notifications/${'x'.repeat(400)}/read`).set(sari).expect(404);
    await request(t.http).post(`/me/notifications/${mine.items[0].id}/read`).set(sari).expect(204);
    await request(t.http).post(`/me/notifications/${mine.items[0].id}/read`).set(sari).expect(204);
    expect((await inbox(sari)).body).toMatchObject({ total: 1, unread: 0, items: [{ readAt: expect.any(String) }] });
    expect((await request(t.http).post('/me/notifications/read-all').set(OFFICE).expect(200)).body).toEqual({ marked: 1 });
    expect((await request(t.http).post('/me/notifications/read-all').set(OFFICE).expect(200)).body).toEqual({ marked: 0 });
    expect((await inbox(OFFICE)).body.unread).toBe(0);
  });

  it('keeps each account’s preferences: kinds, followed projects, horizons, mail', async () => {
    const defaults = (await request(t.http).get('/me/notification-preferences').set(MANAGER).expect(200)).body;
    expect(defaults).toEqual({
      kinds: ['gate_decision', 'idea_awaiting_screening', 'idea_accepted', 'idea_declined', 'deadline_reminder'],
      follows: [],
      deadlineHorizonDays: [30, 7, 1],
      overdue: true,
      email: false,
      dailyDigest: false,
      emailAddress: null,
      emailSince: null,
    });
    // Following the project brings its gate decisions.
    const saved = await request(t.http).post('/me/notification-preferences').set(MANAGER).send({ follows: [project], deadlineHorizonDays: [1, 14], email: true, emailAddress: 'wong@example.org' }).expect(200);
    expect(saved.body).toMatchObject({ follows: [project], deadlineHorizonDays: [14, 1], email: true, dailyDigest: false, emailSince: expect.any(String) });
    expect((await inbox(MANAGER)).body.items.map((n: { kind: string }) => n.kind)).toEqual(['gate_decision']);
    await request(t.http).post('/me/notification-preferences').set(MANAGER).send({ kinds: ['idea_accepted'] }).expect(200);
    expect((await inbox(MANAGER)).body.total).toBe(0);

    const bad = await request(t.http).post('/me/notification-preferences').set(MANAGER).send({ kinds: ['everything'], follows: ['not-a-uuid'], deadlineHorizonDays: [0], email: 'yes', emailAddress: 'nobody', extra: 1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['deadlineHorizonDays', 'email', 'emailAddress', 'extra', 'follows', 'kinds']);
    // Mail needs an address.
    const noAddress = await request(t.http).post('/me/notification-preferences').set(LEAD).send({ email: true }).expect(400);
    expect(noAddress.body.code).toBe('email_address_required');
  });
});
