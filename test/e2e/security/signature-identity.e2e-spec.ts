import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { glucoseDetectorProposal, proposeProject } from '../support/fixtures';
import { LEAD_AS_OFFICE, OFFICE, OFFICE_PASSWORD, passwordOf, startTestApp, TestApp } from '../support/test-app';

// Issue 12's findings on who a signature names and what it covers: printed name (2), persons (3),
// registries keyed by input (9), signed revision (10), and correction limits (5, the command side).
describe('signatures name the real signer and the revision they saw (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const disclose = (projectId: string) =>
    request(t.http)
      .post(`/projects/${projectId}/invention-disclosures`)
      .set(OFFICE)
      .send({ title: 'Optical sensing', summary: 'NIR', inventors: ['Dr. Chen Wei'], disclosedOn: '2025-01-10' })
      .expect(200);
  const go = (projectId: string, headers: Record<string, string>, signature: Record<string, unknown>, ifMatch?: string) => {
    const req = request(t.http).post(`/projects/${projectId}/gate-decisions`).set(headers);
    if (ifMatch !== undefined) req.set('If-Match', ifMatch);
    return req.send({ decision: 'go', signature: { meaning: 'approved to advance', ...signature } });
  };

  it('refuses a signature without If-Match (428) and writes nothing', async () => {
    const id = await proposeProject(t.http);
    await disclose(id);
    const res = await go(id, OFFICE, { password: OFFICE_PASSWORD }).expect(428);
    expect(res.body).toMatchObject({ code: 'precondition_required', status: 428 });
    // A wildcard names no revision either.
    await go(id, OFFICE, { password: OFFICE_PASSWORD }, '*').expect(428);
    const project = await request(t.http).get(`/projects/${id}`).set(OFFICE).expect(200);
    expect(project.body).toMatchObject({ revision: 1, stage: 'idea' });
    await go(id, OFFICE, { password: OFFICE_PASSWORD }, '"1"').expect(200);
  });

  it('prints the account’s name, and refuses another printed name', async () => {
    const id = await proposeProject(t.http);
    await disclose(id);
    const forged = await go(id, OFFICE, { password: OFFICE_PASSWORD, printedName: 'Dr. Chen Wei (Lead Clinician)' }, '"1"').expect(400);
    expect(forged.body.errors).toEqual([{ field: 'signature.printedName', messages: [expect.stringContaining('Li Na')] }]);
    await go(id, OFFICE, { password: OFFICE_PASSWORD }, '"1"').expect(200);
    const history = await request(t.http).get(`/projects/${id}/history`).set(OFFICE).expect(200);
    const advanced = history.body.events.find((e: { type: string }) => e.type === 'StageAdvanced');
    expect(advanced.data.signature).toMatchObject({ printedName: 'Li Na', signerId: 'office-li', account: 'office-li' });
  });

  it('keeps a lead clinician typed with spaces and capitals as the person, so their office account cannot sign', async () => {
    const id = await proposeProject(t.http, { leadClinician: { id: ' DR-CHEN ', name: 'Dr. Chen Wei' } });
    const project = await request(t.http).get(`/projects/${id}`).set(OFFICE).expect(200);
    expect(project.body.profile.leadClinician.id).toBe('dr-chen');
    await disclose(id);
    const res = await go(id, LEAD_AS_OFFICE, { password: passwordOf('dr-chen-office') }, '"1"').expect(409);
    expect(res.body.code).toBe('signer_is_lead_clinician');
  });

  it('refuses a lead clinician who is no person with an account (422 unknown_person)', async () => {
    const body = glucoseDetectorProposal({ leadClinician: { id: 'dr-nobody', name: 'Dr. Nobody' } });
    const res = await request(t.http).post('/projects').set(OFFICE).send(body).expect(422);
    expect(res.body).toMatchObject({ code: 'unknown_person', field: 'leadClinician.id' });
    await request(t.http).get(`/projects/${body.projectId}`).set(OFFICE).expect(404);
  });

  it('refuses reserved and malformed person ids for team members', async () => {
    const id = await proposeProject(t.http);
    for (const memberId of ['__proto__', 'constructor']) {
      const res = await request(t.http)
        .post(`/projects/${id}/team-members`)
        .set(OFFICE)
        .send({ member: { id: memberId, name: 'Hidden' }, teamRole: 'engineer' })
        .expect(409);
      expect(res.body.code).toBe('invalid_person_id');
    }
    const spaced = await request(t.http)
      .post(`/projects/${id}/team-members`)
      .set(OFFICE)
      .send({ member: { id: 'Eng Wu', name: 'Wu Jun' }, teamRole: 'engineer' })
      .expect(409);
    expect(spaced.body.code).toBe('invalid_person_id');
  });

  it('finds no correctable field named like an Object property', async () => {
    const id = await proposeProject(t.http);
    const res = await request(t.http)
      .post(`/projects/${id}/corrections`)
      .set(OFFICE)
      .send({ target: { kind: 'project', id }, field: 'constructor', oldValue: 'x', newValue: 'y', reason: 'probe' })
      .expect(409);
    expect(res.body.code).toBe('field_not_correctable');
  });

  it('gives a correction the limits of the field it corrects', async () => {
    const id = await proposeProject(t.http);
    const trialId = randomUUID();
    await request(t.http)
      .post(`/projects/${id}/trials`)
      .set(OFFICE)
      .send({ trialId, title: 'Accuracy study', registry: 'ChiCTR', registryId: 'ChiCTR2600081234', targetEnrolment: 120, registeredOn: '2025-03-01' })
      .expect(200);
    // The value that once stopped the trial tracker for good (an integer column) is refused at the door.
    const big = await request(t.http)
      .post(`/projects/${id}/corrections`)
      .set(OFFICE)
      .send({ target: { kind: 'trial', id: trialId }, field: 'targetEnrolment', oldValue: 120, newValue: 3_000_000_000, reason: 'typo' })
      .expect(409);
    expect(big.body.code).toBe('invalid_correction_value');
    const long = await request(t.http)
      .post(`/projects/${id}/corrections`)
      .set(OFFICE)
      .send({ target: { kind: 'project', id }, field: 'title', oldValue: 'Non-invasive blood-glucose detector', newValue: 'x'.repeat(201), reason: 'typo' })
      .expect(409);
    expect(long.body.code).toBe('invalid_correction_value');
  });
});
