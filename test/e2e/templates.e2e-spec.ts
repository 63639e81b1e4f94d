import request from 'supertest';
import { ADMIN, LEAD, MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

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
  });
});
