import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { LEAD, MANAGER, OFFICE, startTestApp, TestApp } from '../support/test-app';

// Deadlines the record implies, over HTTP: the portfolio's upcoming and overdue view and a project's next deadlines.
describe('deadlines (e2e)', () => {
  let t: TestApp;
  let projectId: string;
  let position: number;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    projectId = (await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201)).body.projectId;
    const patent = await request(t.http)
      .post(`/projects/${projectId}/patents`)
      .set(OFFICE)
      .send({ title: 'Optical glucose meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610123456.7', filedOn: '2026-02-03' })
      .expect(200);
    position = patent.body.globalPosition;
  }, 60_000);
  afterAll(() => t.close());

  it('lists the priority year as upcoming, then overdue, naming the event it comes from', async () => {
    const history = await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200);
    const filed = history.body.events.find((e: { type: string }) => e.type === 'PatentFiled');
    const res = await request(t.http).get(`/deadlines?position=${position}&today=2027-01-15&horizonDays=30`).set(MANAGER).expect(200);
    expect(res.body).toMatchObject({ today: '2027-01-15', horizonDays: 30, total: 1, overdue: 0 });
    expect(res.body.items[0]).toMatchObject({
      deadlineId: 'priority_year:' + filed.data.patentId,
      projectId,
      kind: 'priority_year',
      dueOn: '2027-02-03',
      status: 'open',
      daysLeft: 19,
      ownerId: 'dr-chen',
      record: { kind: 'patent', id: filed.data.patentId },
      sourceEvents: [filed.eventId],
      closedBy: [],
    });
    expect(res.body.items[0].source).toMatch(/Paris Convention/);
    const later = await request(t.http).get('/deadlines?today=2027-03-01&horizonDays=0').set(OFFICE).expect(200);
    expect(later.body).toMatchObject({ total: 1, overdue: 1, items: [{ status: 'missed', daysLeft: -26 }] });
  });

  it('filters by kind, owner and mine (my work)', async () => {
    const q = (query: string, headers = MANAGER) => request(t.http).get(`/deadlines?today=2027-01-15&${query}`).set(headers).expect(200);
    expect((await q('kind=priority_year')).body.total).toBe(1);
    expect((await q('kind=ethics_renewal')).body.total).toBe(0);
    expect((await q('owner=dr-chen')).body.total).toBe(1);
    expect((await q(`projectId=${projectId}`)).body.total).toBe(1);
    expect((await q('mine=true', LEAD)).body.total).toBe(1);
    expect((await q('mine=true', MANAGER)).body.total).toBe(0);
  });

  it("shows a project's next deadlines, and 404 for an unknown project", async () => {
    const res = await request(t.http).get(`/projects/${projectId}/deadlines?today=2026-06-01`).set(LEAD).expect(200);
    expect(res.body.next.map((d: { kind: string }) => d.kind)).toEqual(['priority_year']);
    expect(res.body.items).toHaveLength(1);
    const missing = await request(t.http).get('/projects/00000000-0000-4000-8000-000000000000/deadlines').set(LEAD).expect(404);
    expect(missing.body.code).toBe('project_not_found');
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const res = await request(t.http).get('/deadlines?kind=tax_return&horizonDays=-1&today=2027-13-01').set(MANAGER).expect(400);
    const fields = res.body.errors.map((e: { field?: string; path?: string; property?: string }) => e.field ?? e.path ?? e.property);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'horizonDays', 'today']));
  });
});
