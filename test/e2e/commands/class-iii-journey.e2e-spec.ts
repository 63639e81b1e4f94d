import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { LEAD, LEAD_AS_OFFICE, MANAGER, OFFICE, OFFICE_PASSWORD, passwordOf, startTestApp, TestApp, TEST_USERS } from '../support/test-app';

// A class III non-invasive glucose detector walked from idea to approval through the HTTP API only.
describe('class III journey (e2e)', () => {
  let t: TestApp;
  let projectId: string;
  let revision: number;
  let patentId: string;
  let prototypeId: string;
  const trialId = randomUUID(); // a client-chosen id; the others come back in Location
  let submissionId: string;

  const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // A signature names the revision on the signer's screen (If-Match), here the one this journey last saw.
  const post = (path: string, body: object, headers: Record<string, string> = OFFICE) =>
    request(t.http)
      .post(`/projects/${projectId}${path}`)
      .set(path === '/gate-decisions' ? { ...headers, 'If-Match': `"${revision}"` } : headers)
      .send(body);

  /** Sends a command that must be recorded: one event, the revision one up, the ETag naming it. */
  async function record(path: string, body: object, as = OFFICE, ifMatch?: string) {
    const res = await (ifMatch ? post(path, body, as).set('If-Match', ifMatch) : post(path, body, as));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { revision: revision + 1 } });
    expect(res.headers.etag).toBe(`"${revision + 1}"`);
    revision = res.body.revision;
    return res;
  }
  const idFrom = (res: request.Response) => String(res.headers.location).split('/').pop()!;
  const go = () => record('/gate-decisions', { decision: 'go', signature });

  it('proposes the project (revision 0)', async () => {
    const res = await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201);
    projectId = res.body.projectId;
    revision = res.body.revision;
    expect(revision).toBe(0);
  });

  it('refuses a premature go with the missing evidence', async () => {
    const res = await post('/gate-decisions', { decision: 'go', signature }).expect(409);
    expect(res.body).toMatchObject({ code: 'gate_evidence_missing', missing: [{ code: 'invention_disclosure' }] });
  });

  it('idea → patent: invention disclosure, go', async () => {
    const res = await record(
      '/invention-disclosures',
      { title: 'Fingertip NIR glucose sensing', summary: 'Two-wavelength absorption', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' },
    );
    expect(res.headers.location).toMatch(new RegExp(`^/projects/${projectId}/invention-disclosures/[0-9a-f-]{36}$`));
    await go();
  });

  it('patent → prototype: file a CN invention patent, go with If-Match', async () => {
    const filed = await record(
      '/patents',
      { title: 'Non-invasive optical glucose meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610123456.7', filedOn: '2026-02-03' },
    );
    patentId = idFrom(filed);
    expect(filed.body.events).toMatchObject([{ type: 'PatentFiled' }]);
    // The signer saw this revision; If-Match makes the signature refuse a project that changed unseen.
    await record('/gate-decisions', { decision: 'go', signature }, OFFICE, `"${revision}"`);
  });

  it('the lead clinician logs a milestone; management may not write', async () => {
    await record('/milestones', { title: 'Bench accuracy 11% MARD', description: '40 reference samples', occurredOn: '2026-03-01' }, LEAD);
    const refused = await post('/milestones', { title: 'x', description: 'y', occurredOn: '2026-03-01' }, MANAGER).expect(403);
    expect(refused.body.code).toBe('role_not_permitted');
  });

  it('prototype → clinical_validation: prototype, ISO 10993 and IEC 60601 passes, design review, ethics approval', async () => {
    prototypeId = idFrom(await record('/prototypes', { version: 'v0.3', description: 'Wrist housing', builtOn: '2026-03-20' }));

    const premature = await post('/gate-decisions', { decision: 'go', signature }).expect(409);
    expect(premature.body.code).toBe('gate_evidence_missing');
    expect(premature.body.missing.map((m: { code: string }) => m.code)).toEqual([
      'verification_passed',
      'design_review_held',
      'ethics_approval',
    ]);

    for (const standard of ['ISO 10993-5', 'IEC 60601-1']) {
      await record(
        '/verification-tests',
        { prototypeId, standard, lab: 'SMDTC', result: 'passed', testedOn: '2026-04-02', reportReference: `R-${standard}` },
      );
    }
    await record('/design-reviews', { heldOn: '2026-04-10', outcome: 'passed', summary: 'Inputs traced to outputs' });
    await record('/ethics-approvals', { committee: 'Hospital Ethics Committee', reference: '2026-KY-031', approvedOn: '2026-04-15' });
    await go();
  });

  it('refuses a go signed by the lead clinician (independent review)', async () => {
    // dr-chen's second account, in the innovation office, still may not pass his own project's gates.
    const own = { meaning: 'approved to advance', printedName: 'Dr. Chen Wei', password: passwordOf(TEST_USERS.leadAsOffice.username) };
    const res = await post('/gate-decisions', { decision: 'go', signature: own }, LEAD_AS_OFFICE).expect(409);
    expect(res.body.code).toBe('signer_is_lead_clinician');
  });

  it('refuses a kill without a reason', async () => {
    const res = await post('/gate-decisions', { decision: 'kill', signature }).expect(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'reason' }] });
  });

  it('clinical_validation → regulatory_review: trial registered, first patient in, enrolment, completed with endpoint met', async () => {
    const registered = await record(
      '/trials',
      { trialId, title: 'Accuracy vs venous reference', registry: 'ChiCTR', registryId: 'ChiCTR2600081234', targetEnrolment: 120, registeredOn: '2026-05-01' },
    );
    expect(registered.headers.location).toBe(`/projects/${projectId}/trials/${trialId}`);
    await record(`/trials/${trialId}/first-patient-in`, { occurredOn: '2026-05-20' }, LEAD);
    await record(`/trials/${trialId}/enrolment`, { enrolled: 64, asOf: '2026-06-30' }, LEAD);
    await record(`/trials/${trialId}/enrolment`, { enrolled: 120, asOf: '2026-07-31' });
    await record(`/trials/${trialId}/completion`, { completedOn: '2026-08-15', primaryEndpointMet: true, resultSummary: 'MARD 9.8%' });
    await go();
  });

  it('regulatory_review → approved: NMPA submission, deficiency and answer, approval, go', async () => {
    submissionId = idFrom(
      await record('/submissions', { authority: 'NMPA', pathway: 'registration', reference: 'CQZ2600123', filedOn: '2026-08-30' }),
    );
    await record(`/submissions/${submissionId}/deficiencies`, { receivedOn: '2026-09-20', summary: 'Subgroup data by skin type' });
    await record(`/submissions/${submissionId}/deficiency-answers`, { answeredOn: '2026-10-05', summary: 'Subgroup analysis attached' });
    await record(`/submissions/${submissionId}/approval`, { certificateNumber: '国械注准20263070123', approvedOn: '2026-11-02', deviceClass: 'III' });
    const approved = await go();
    expect(approved.body.events).toMatchObject([{ type: 'StageAdvanced' }]);
  });

  it('has no gate left once approved; patents still flow', async () => {
    const res = await post('/gate-decisions', { decision: 'hold', reason: 'budget', signature }).expect(409);
    expect(res.body.code).toBe('project_approved');
    await record(`/patents/${patentId}/publication`, { publicationNumber: 'CN116123456A', publishedOn: '2026-11-10' });
  });
});
