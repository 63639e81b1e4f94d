import request from 'supertest';
import { LEAD, MANAGER, startTestApp, TestApp } from './support/test-app';

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
});
