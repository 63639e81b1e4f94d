import request from 'supertest';
import { OFFICE, startTestApp, TestApp } from './support/test-app';

describe('projects (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('proposes a project and answers with its revision as ETag', async () => {
    const res = await request(t.http)
      .post('/projects')
      .set(OFFICE)
      .send({
        title: 'Non-invasive blood-glucose detector',
        summary: 'Optical glucose sensing through the fingertip',
        deviceType: 'glucose monitor',
        riskClass: 'III',
        targets: [{ authority: 'NMPA', pathway: 'registration' }],
        therapeuticArea: 'endocrinology',
        institution: 'Shanghai Sixth People’s Hospital',
        department: 'Endocrinology',
        leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
      })
      .expect(201);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({ revision: 0, replayed: false, events: [{ type: 'ProjectProposed', revision: 0 }] });
    expect(res.headers.location).toBe(`/projects/${res.body.projectId}`);
  });
});
