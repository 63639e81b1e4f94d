import request from 'supertest';
import { glucoseDetectorProposal } from './support/fixtures';
import { ADMIN, LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from './support/test-app';

describe('pathway templates (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists the built-in templates, each with the regulator’s published source', async () => {
    const res = await request(t.http).get('/templates').set(MANAGER).expect(200);
    const ids = res.body.templates.map((x: { templateId: string }) => x.templateId);
    expect(ids).toEqual([
      'fixed_model',
      'nmpa_class_ii_registration',
      'nmpa_class_iii_registration',
      'nmpa_innovative_special_review',
      'fda_510k',
      'fda_de_novo',
      'fda_pma',
      'eu_mdr_class_iii',
      'hsa_class_d',
      'cell_gene_therapy',
    ]);
    for (const template of res.body.templates) {
      expect(template.version).toBe(1);
      expect(template.sources.length).toBeGreaterThan(0);
      for (const source of template.sources) expect(source.url).toMatch(/^https?:\/\//);
      expect(template.stages[template.stages.length - 1].phase).toBe('approved');
    }
  });

  it('shows one template: its stages, gates, evidence and approval rules', async () => {
    const res = await request(t.http).get('/templates/fda_pma').set(LEAD).expect(200);
    expect(res.body.stages.map((s: { id: string }) => s.id)).toEqual([
      'idea',
      'patent',
      'prototype',
      'design_verification',
      'ide_study',
      'pma_review',
      'approved',
    ]);
    const ide = res.body.gates.find((g: { to: string }) => g.to === 'ide_study');
    expect(ide.approval).toMatchObject({ signatures: 3, independentReviewer: true });
    expect(ide.evidence).toContainEqual(expect.objectContaining({ kind: 'any_of', code: 'fda_study_authorised' }));
  });

  it('404 problem for an unknown template; 401 without a token', async () => {
    const res = await request(t.http).get('/templates/no_such_pathway').set(MANAGER).expect(404);
    expect(res.body).toMatchObject({ status: 404, code: 'template_not_found' });
    await request(t.http).get('/templates').expect(401);
  });

  it('an admin defines a template: version 1, recorded as an event on its own stream', async () => {
    const fixed = (await request(t.http).get('/templates/fixed_model').set(ADMIN).expect(200)).body;
    const { version: _version, ...template } = {
      ...fixed,
      templateId: 'sixth_hospital',
      name: 'Sixth hospital pathway',
    };
    await request(t.http).post('/templates').set(OFFICE).send({ template }).expect(403);
    const res = await request(t.http).post('/templates').set(ADMIN).send({ template }).expect(201);
    expect(res.headers.location).toBe('/templates/sixth_hospital');
    expect(res.body).toMatchObject({ templateId: 'sixth_hospital', version: 1, name: 'Sixth hospital pathway' });
    expect((await request(t.http).get('/templates/sixth_hospital').set(MANAGER).expect(200)).body.version).toBe(1);
    // The list reads every template stream as subscribers do: it shows the new one once its commit is settled.
    const listed = async () =>
      (await request(t.http).get('/templates').set(MANAGER).expect(200)).body.templates.map(
        (x: { templateId: string }) => x.templateId,
      );
    for (let tries = 0; !(await listed()).includes('sixth_hospital') && tries < 100; tries++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await listed()).toContain('sixth_hospital');
    const { rows } = await t.database.db.query<{ type: string }>(
      "SELECT type FROM events WHERE stream_id = 'template-sixth_hospital' ORDER BY stream_revision",
    );
    expect(rows.map((r) => r.type)).toEqual(['TemplateDefined']);
    await request(t.http).post('/templates').set(ADMIN).send({ template }).expect(409);
  });

  it('a template that cannot be completed is refused, each problem named', async () => {
    const fixed = (await request(t.http).get('/templates/fixed_model').set(ADMIN).expect(200)).body;
    const { version: _version, ...rest } = fixed;
    const template = {
      ...rest,
      templateId: 'broken',
      gates: rest.gates.filter((g: { to: string }) => g.to !== 'patent'),
    };
    const res = await request(t.http).post('/templates').set(ADMIN).send({ template }).expect(409);
    expect(res.body).toMatchObject({ code: 'invalid_template' });
    expect(res.body.problems).toContainEqual(
      expect.objectContaining({ code: 'stage_unreachable', message: 'No gate reaches stage patent.' }),
    );
    await request(t.http).post('/templates').set(ADMIN).send({ template: 'nope' }).expect(400);
  });

  it('an admin revises a built-in template: the next version, a stale one refused', async () => {
    const pma = (await request(t.http).get('/templates/fda_pma').set(ADMIN).expect(200)).body;
    const { version: _version, ...template } = {
      ...pma,
      description: `${pma.description} Office rule: two reviewers.`,
    };
    const res = await request(t.http)
      .post('/templates/fda_pma/revisions')
      .set(ADMIN)
      .send({ template, expectedVersion: 1, reason: 'Office rule' })
      .expect(201);
    expect(res.body).toMatchObject({ templateId: 'fda_pma', version: 2 });
    expect((await request(t.http).get('/templates/fda_pma').set(MANAGER).expect(200)).body.version).toBe(2);
    const stale = await request(t.http)
      .post('/templates/fda_pma/revisions')
      .set(ADMIN)
      .send({ template, expectedVersion: 1, reason: 'Again' })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'template_version_mismatch', currentVersion: 2 });
    // A version asked for by number: what a project bound to it follows.
    const first = (await request(t.http).get('/templates/fda_pma?version=1').set(MANAGER).expect(200)).body;
    expect(first).toMatchObject({ templateId: 'fda_pma', version: 1, description: pma.description });
    await request(t.http).get('/templates/fda_pma?version=3').set(MANAGER).expect(404);
    await request(t.http).get('/templates/fda_pma?version=zero').set(MANAGER).expect(400);
  });

  it('a project proposed under a template follows it: its stages, its evidence, its approval rules', async () => {
    const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };
    const proposal = glucoseDetectorProposal({
      riskClass: 'II',
      targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }],
      template: { templateId: 'fda_510k' },
    });
    const id = proposal.projectId;
    await request(t.http).post('/projects').set(OFFICE).send(proposal).expect(201);
    const view = async () => (await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200)).body;
    expect(await view()).toMatchObject({
      stage: 'idea',
      nextStage: 'patent',
      template: { templateId: 'fda_510k', version: 1, stage: 'idea', nextStage: 'patent' },
      missingEvidence: [{ code: 'invention_disclosure' }],
    });
    // The bound version's path and its next gate as written, its evidence in the order of nextGateEvidence.
    const bound = (await view()).template;
    expect(bound.stages[0]).toEqual({ id: 'idea', label: expect.any(String), phase: 'idea' });
    expect(bound.nextGate).toMatchObject({ evidence: [{ kind: 'disclosure' }], approval: { signatures: 1 } });
    let revision = 0;
    // A signature names the revision on the signer's screen (If-Match): here the last one this test saw.
    const post = async (path: string, body: object) => {
      const headers = path === '/gate-decisions' ? { ...OFFICE, 'If-Match': `"${revision}"` } : OFFICE;
      const res = await request(t.http).post(`/projects/${id}${path}`).set(headers).send(body);
      if (res.status === 200) revision = res.body.revision;
      return res;
    };
    const expectStatus = async (sent: Promise<request.Response>, status: number) => {
      const res = await sent;
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
      return res;
    };
    await expectStatus(
      post('/invention-disclosures', {
        title: 'Ultrasound bilirubin',
        summary: 'S',
        inventors: ['Dr. Chen Wei'],
        disclosedOn: '2026-01-12',
      }),
      200,
    );
    await expectStatus(post('/gate-decisions', { decision: 'go', signature }), 200);
    await expectStatus(
      post('/patents', {
        title: 'Bilirubin meter',
        jurisdiction: 'CN',
        kind: 'invention',
        applicationNumber: 'CN2026101',
        filedOn: '2026-02-03',
      }),
      200,
    );
    await expectStatus(post('/gate-decisions', { decision: 'go', signature }), 200);
    const built = await expectStatus(
      post('/prototypes', { version: 'v1', description: 'Handheld', builtOn: '2026-03-20' }),
      200,
    );
    const prototypeId = String(built.headers.location).split('/').pop();
    await expectStatus(post('/gate-decisions', { decision: 'go', signature }), 200);
    // A template stage inside the prototype phase: the board's stage stays, the template's moves on.
    expect(await view()).toMatchObject({
      stage: 'prototype',
      nextStage: 'regulatory_review',
      template: { stage: 'design_verification', nextStage: 'premarket_review' },
    });
    const missing = (await view()).missingEvidence.map((m: { code: string }) => m.code);
    expect(missing).toEqual([
      'verification_passed',
      'design_review_held',
      'equivalence_evaluation',
      'submission_filed',
    ]);
    expect((await expectStatus(post('/gate-decisions', { decision: 'go', signature }), 409)).body.code).toBe(
      'gate_evidence_missing',
    );
    const test = {
      prototypeId,
      standard: 'IEC 60601-1',
      lab: 'SMDTC',
      result: 'passed',
      testedOn: '2026-04-02',
      reportReference: 'R-1',
    };
    await expectStatus(post('/verification-tests', test), 200);
    await expectStatus(
      post('/design-reviews', { heldOn: '2026-04-10', outcome: 'passed', summary: 'Inputs traced' }),
      200,
    );
    const predicate = {
      predicateDevice: 'BiliCheck',
      predicateManufacturer: 'Philips',
      predicateReference: 'K012345',
      equivalent: true,
      evaluatedOn: '2026-04-20',
    };
    await expectStatus(post('/equivalence-evaluations', predicate), 200);
    await expectStatus(
      post('/submissions', { authority: 'FDA', pathway: '510k', reference: 'K261234', filedOn: '2026-05-01' }),
      200,
    );
    expect((await view()).missingEvidence).toEqual([]);
    // The evidence is all there, but the design gate asks for two signers, one of them independent: this one is
    // collected (gate-signatures.e2e-spec.ts walks the rest).
    const collected = await expectStatus(post('/gate-decisions', { decision: 'go', signature }), 200);
    expect(collected.body).toMatchObject({
      events: [{ type: 'GateSignatureCollected' }],
      // The office signer is not on the team, so is the independent reviewer; a second signer is still needed.
      signing: { outcome: 'signature_collected', missing: ['1 more signature(s) from innovation_office or management.'] },
    });
    expect(await view()).toMatchObject({ template: { stage: 'design_verification' } });
  });

  it('a project names an existing template version, or none', async () => {
    const unknown = glucoseDetectorProposal({ template: { templateId: 'no_such_pathway' } });
    expect((await request(t.http).post('/projects').set(OFFICE).send(unknown).expect(404)).body.code).toBe(
      'template_not_found',
    );
    const noVersion = glucoseDetectorProposal({ template: { templateId: 'fda_510k', version: 9 } });
    await request(t.http).post('/projects').set(OFFICE).send(noVersion).expect(404);
    const fixed = glucoseDetectorProposal();
    await request(t.http).post('/projects').set(OFFICE).send(fixed).expect(201);
    expect(
      (await request(t.http).get(`/projects/${fixed.projectId}`).set(MANAGER).expect(200)).body.template,
    ).toBeNull();
  });
});
