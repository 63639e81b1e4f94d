import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const signature = { meaning: 'approved to advance', password: OFFICE_PASSWORD };
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

// A conditional go over HTTP: the go sets conditions, the next go waits for them, their owner or the office closes
// them with evidence, and they show on the project and, as deadlines, in "my work".
describe('conditional go (e2e)', () => {
  let t: TestApp;
  let projectId: string;
  let revision: number;
  let position: number;
  const conditionIds: string[] = [];

  const post = (path: string, body: object, headers = OFFICE, ifMatch = true) =>
    request(t.http)
      .post(`/projects/${projectId}${path}`)
      .set(ifMatch ? { ...headers, 'If-Match': `"${revision}"` } : headers)
      .send(body);
  const recorded = (res: request.Response) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    revision = res.body.revision;
    position = res.body.globalPosition;
    return res;
  };
  const project = async (headers = MANAGER) =>
    (await request(t.http).get(`/projects/${projectId}`).set(headers).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    const proposed = await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201);
    projectId = proposed.body.projectId;
    revision = proposed.body.revision;
    recorded(
      await post('/invention-disclosures', {
        title: 'Fingertip NIR glucose sensing',
        summary: 'Two-wavelength absorption',
        inventors: ['Dr. Chen Wei'],
        disclosedOn: '2026-01-12',
      }),
    );
  }, 60_000);
  afterAll(() => t.close());

  it('refuses conditions the DTO or the domain cannot take, writing nothing', async () => {
    const bad = await post('/gate-decisions', { decision: 'go', signature, conditions: [{ ownerId: 'dr-chen', dueOn: 'soon' }] }).expect(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['conditions.0.text', 'conditions.0.dueOn']));
    const kill = await post('/gate-decisions', { decision: 'kill', reason: 'x', signature, conditions: [] }).expect(400);
    expect(kill.body.errors.map((e: { field: string }) => e.field)).toContain('conditions');
    const stranger = await post('/gate-decisions', {
      decision: 'go',
      signature,
      conditions: [{ text: 'FTO search', ownerId: 'dr-nobody', dueOn: day(30) }],
    }).expect(409);
    expect(stranger.body).toMatchObject({ code: 'condition_owner_not_on_team', field: 'conditions[0].ownerId' });
    const past = await post('/gate-decisions', {
      decision: 'go',
      signature,
      conditions: [{ text: 'FTO search', ownerId: 'dr-chen', dueOn: day(-3) }],
    }).expect(409);
    expect(past.body).toMatchObject({ code: 'invalid_date', field: 'conditions[0].dueOn' });
    expect((await project()).revision).toBe(revision);
  });

  it('a go with conditions advances the stage and sets each condition after it', async () => {
    const res = recorded(
      await post('/gate-decisions', {
        decision: 'go',
        signature,
        conditions: [
          { text: 'Commission a freedom-to-operate search', ownerId: 'DR-CHEN', dueOn: day(20) },
          { text: 'Partner confirms the prototype budget in writing', ownerId: 'dr-chen', dueOn: day(0) },
        ],
      }),
    );
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['StageAdvanced', 'ConditionSet', 'ConditionSet']);
    const view = await project();
    expect(view.stage).toBe('patent');
    expect(view.conditions).toMatchObject([
      { text: 'Commission a freedom-to-operate search', owner: { id: 'dr-chen', name: 'Dr. Chen Wei' }, dueOn: day(20), status: 'open', overdue: false, fromStage: 'idea', toStage: 'patent', evidence: null, closedBy: null },
      { status: 'open', overdue: false, dueOn: day(0) },
    ]);
    conditionIds.push(...view.conditions.map((c: { conditionId: string }) => c.conditionId));
  });

  it('the next go is refused while a condition is open, listing them', async () => {
    recorded(
      await post('/patents', {
        title: 'Non-invasive optical glucose meter',
        jurisdiction: 'CN',
        kind: 'invention',
        applicationNumber: 'CN202610123456.7',
        filedOn: '2026-02-03',
      }),
    );
    const refused = await post('/gate-decisions', { decision: 'go', signature }).expect(409);
    expect(refused.body).toMatchObject({
      code: 'conditions_open',
      conditions: [
        { conditionId: conditionIds[0], ownerId: 'dr-chen', dueOn: day(20) },
        { conditionId: conditionIds[1], ownerId: 'dr-chen', dueOn: day(0) },
      ],
    });
    expect((await project()).stage).toBe('patent');
  });

  it('open conditions are deadlines of their owner in "my work", overdue once past due', async () => {
    const mine = await request(t.http)
      .get(`/deadlines?position=${position}&mine=true&kind=condition_due&today=${day(1)}`)
      .set(LEAD)
      .expect(200);
    expect(mine.body).toMatchObject({ total: 2, overdue: 1 });
    expect(mine.body.items).toMatchObject([
      { deadlineId: `condition_due:${conditionIds[1]}`, kind: 'condition_due', ownerId: 'dr-chen', dueOn: day(0), status: 'missed', daysLeft: -1, projectId },
      { deadlineId: `condition_due:${conditionIds[0]}`, dueOn: day(20), status: 'open' },
    ]);
    expect((await request(t.http).get('/deadlines?kind=condition_due&owner=dr-chen').set(MANAGER).expect(200)).body.total).toBe(2);
    expect((await request(t.http).get('/deadlines?mine=true&kind=condition_due').set(MANAGER).expect(200)).body.total).toBe(0);
  });

  it('its owner or the office closes a condition with evidence; others may not; once only', async () => {
    const close = (id: string, body: object, headers = OFFICE) =>
      request(t.http).post(`/projects/${projectId}/conditions/${id}/close`).set(headers).send(body);
    expect((await close(conditionIds[0], { evidence: 'x' }, MANAGER).expect(403)).body.code).toBe('role_not_permitted');
    expect((await close('not-a-uuid', { evidence: 'x' }).expect(400)).body.errors[0].field).toBe('conditionId');
    expect((await close(conditionIds[0], {}).expect(400)).body.errors[0].field).toBe('evidence');
    expect((await close('00000000-0000-4000-8000-000000000000', { evidence: 'x' }).expect(409)).body.code).toBe('condition_not_found');

    const byOwner = await close(conditionIds[0], { evidence: 'FTO report FTO-2026-07: no blocking patent' }, LEAD)
      .set('Idempotency-Key', 'close-1')
      .expect(200);
    expect(byOwner.body.events).toMatchObject([{ type: 'ConditionClosed' }]);
    const replay = await close(conditionIds[0], { evidence: 'FTO report FTO-2026-07: no blocking patent' }, LEAD)
      .set('Idempotency-Key', 'close-1')
      .expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await close(conditionIds[0], { evidence: 'again' }).expect(409)).body.code).toBe('condition_already_closed');

    const stale = await close(conditionIds[1], { evidence: 'Budget letter of 3 Dec' }).set('If-Match', '"1"').expect(412);
    expect(stale.body.code).toBe('stale_revision');
    recorded(await close(conditionIds[1], { evidence: 'Budget letter of 3 Dec' }).set('If-Match', `"${byOwner.body.revision}"`));

    const view = await project(LEAD);
    expect(view.conditions).toMatchObject([
      { status: 'closed', evidence: 'FTO report FTO-2026-07: no blocking patent', closedBy: { id: 'dr-chen', role: 'clinician' }, overdue: false },
      { status: 'closed', evidence: 'Budget letter of 3 Dec', closedBy: { name: 'Li Na', role: 'innovation_office' } },
    ]);
    const history = await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200);
    expect(history.body.events.filter((e: { type: string }) => e.type === 'ConditionClosed')).toHaveLength(2);
  });

  it('with every condition closed the next go passes, and the deadlines are closed', async () => {
    const res = recorded(await post('/gate-decisions', { decision: 'go', signature }));
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['StageAdvanced']);
    expect((await project()).stage).toBe('prototype');
    const open = await request(t.http).get(`/deadlines?position=${position}&kind=condition_due&today=${day(1)}`).set(MANAGER).expect(200);
    expect(open.body.total).toBe(0);
    const all = await request(t.http).get(`/projects/${projectId}/deadlines?today=${day(1)}`).set(MANAGER).expect(200);
    expect(all.body.items.filter((d: { kind: string }) => d.kind === 'condition_due')).toMatchObject([
      { status: 'met' },
      { status: 'met' },
    ]);
  });
});
