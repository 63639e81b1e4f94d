import request from 'supertest';
import { glucoseDetectorProposal } from './support/fixtures';
import { ADMIN, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from './support/test-app';

// Issue 15 item 1: a project bound to a template version moves to a newer one only by an explicit, signed decision
// on its record; what came before keeps the version in force then.
describe('moving a project to a newer template version (e2e)', () => {
  let t: TestApp;
  let id: string;
  let revision = 0;
  const signature = { meaning: 'adopt the revised pathway', password: OFFICE_PASSWORD };
  const move = (body: object, headers: Record<string, string> = { ...OFFICE, 'If-Match': `"${revision}"` }) =>
    request(t.http).post(`/projects/${id}/template-versions`).set(headers).send(body);
  const view = async () => (await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200)).body;
  const revise = async (
    change: (template: Record<string, unknown>) => Record<string, unknown>,
    expectedVersion: number,
  ) => {
    const current = (await request(t.http).get('/templates/fda_pma').set(ADMIN).expect(200)).body;
    const { version: _version, ...template } = current;
    return request(t.http)
      .post('/templates/fda_pma/revisions')
      .set(ADMIN)
      .send({ template: change(template), expectedVersion, reason: 'Office rule' })
      .expect(201);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const proposal = glucoseDetectorProposal({
      riskClass: 'III',
      targets: [{ authority: 'FDA', pathway: 'pma', deviceClass: 'III' }],
      template: { templateId: 'fda_pma', version: 1 },
    });
    id = proposal.projectId;
    await request(t.http).post('/projects').set(OFFICE).send(proposal).expect(201);
    // Version 2 keeps every stage; version 3 renames the stage the project is at.
    await revise((x) => ({ ...x, description: `${String(x.description)} Two reviewers.` }), 1);
    await revise(
      (x) => ({
        ...x,
        stages: (x.stages as { id: string }[]).map((s) => (s.id === 'idea' ? { ...s, id: 'concept' } : s)),
        gates: (x.gates as { from: string }[]).map((g) => (g.from === 'idea' ? { ...g, from: 'concept' } : g)),
      }),
      2,
    );
    // A fresh app and two revisions: more than the default 30 s on a loaded machine.
  }, 90_000);
  afterAll(() => t.close());

  it('refuses what is not a newer version of the same template, still holding the project’s stage', async () => {
    expect(
      (await move({ templateId: 'fda_pma', version: 2, reason: 'R', signature }, OFFICE).expect(428)).body.code,
    ).toBe('precondition_required');
    const refused = async (body: object, status: number) => {
      const res = await move({ reason: 'Office rule', signature, ...body });
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
      return res.body;
    };
    expect(await refused({ templateId: 'fda_pma', version: 1 }, 409)).toMatchObject({
      code: 'template_version_not_newer',
    });
    expect(await refused({ templateId: 'fda_510k', version: 1 }, 409)).toMatchObject({ code: 'template_mismatch' });
    expect(await refused({ templateId: 'fda_pma', version: 9 }, 404)).toMatchObject({ code: 'template_not_found' });
    const missing = await refused({ templateId: 'fda_pma', version: 3 }, 409);
    expect(missing).toMatchObject({ code: 'template_stage_missing' });
    expect(missing.detail ?? missing.message ?? '').toContain('idea');
    expect((await refused({ templateId: 'fda_pma', version: 'two' }, 400)).code).toBe('validation_failed');
    const manager = await move(
      { templateId: 'fda_pma', version: 2, reason: 'R', signature },
      { ...MANAGER, 'If-Match': `"${revision}"` },
    );
    expect(manager.status).toBe(403);
    const wrongPassword = await move({
      templateId: 'fda_pma',
      version: 2,
      reason: 'R',
      signature: { ...signature, password: 'nope' },
    });
    expect(wrongPassword.status).toBe(401);
    expect((await view()).template).toMatchObject({ templateId: 'fda_pma', version: 1 });
  });

  it('the office moves the project to version 2: signed, on its history, the project follows it', async () => {
    const res = await move({
      templateId: 'fda_pma',
      version: 2,
      reason: 'Office rule: two reviewers',
      signature,
    }).expect(200);
    expect(res.body.events).toMatchObject([{ type: 'TemplateVersionAdopted' }]);
    revision = res.body.revision;
    expect(await view()).toMatchObject({
      stage: 'idea',
      template: { templateId: 'fda_pma', version: 2, stage: 'idea' },
    });
    const history = (await request(t.http).get(`/projects/${id}/history`).set(MANAGER).expect(200)).body.events;
    const adopted = history.find((e: { type: string }) => e.type === 'TemplateVersionAdopted');
    expect(adopted.data).toMatchObject({
      templateId: 'fda_pma',
      fromVersion: 1,
      toVersion: 2,
      templateStage: 'idea',
      reason: 'Office rule: two reviewers',
      template: { version: 2 },
      signature: {
        signerId: 'office-li',
        printedName: 'Li Na',
        meaning: 'adopt the revised pathway',
        contentHash: expect.stringMatching(/^sha256:/),
      },
    });
    // As of an instant before the move, the project followed version 1.
    const before = new Date(Date.parse(adopted.recordedAt) - 1).toISOString();
    const then = await request(t.http).get(`/projects/${id}?asOf=${before}`).set(MANAGER).expect(200);
    expect(then.body.template).toMatchObject({ templateId: 'fda_pma', version: 1 });
    // The proposal still names the version it was proposed under.
    expect(history.find((e: { type: string }) => e.type === 'ProjectProposed').data.template).toMatchObject({
      version: 1,
    });
    const again = await move({ templateId: 'fda_pma', version: 2, reason: 'Again', signature });
    expect(again.body.code).toBe('template_version_not_newer');
  });
});
