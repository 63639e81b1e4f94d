import request from 'supertest';
import { glucoseDetectorProposal } from './support/fixtures';
import {
  LEAD_AS_OFFICE,
  MANAGER,
  OFFICE,
  OFFICE_PASSWORD,
  passwordOf,
  startTestApp,
  TestApp,
} from './support/test-app';

// A gate whose rule asks for two signers, one outside the team (fda_510k's design_verification → premarket_review):
// signatures collected from two people, the same person refused twice, a change to the record invalidating what was
// collected, a revocation, and the stage moving with the signature that meets the rule.
describe('approval rules with several signers (e2e)', () => {
  let t: TestApp;
  let id: string;
  let revision = 0;
  const office = { meaning: 'approved to advance', password: OFFICE_PASSWORD };
  const manager = { meaning: 'approved to advance', password: passwordOf('mgr-wong') };

  const post = async (path: string, body: object, headers: Record<string, string> = OFFICE) => {
    const res = await request(t.http)
      .post(`/projects/${id}${path}`)
      .set({ ...headers, 'If-Match': `"${revision}"` })
      .send(body);
    if (res.status === 200) revision = res.body.revision;
    return res;
  };
  const expectStatus = async (sent: Promise<request.Response>, status: number) => {
    const res = await sent;
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    return res;
  };
  const go = (signature: object, headers: Record<string, string> = OFFICE) =>
    post('/gate-decisions', { decision: 'go', signature }, headers);
  const pending = async () =>
    (await request(t.http).get(`/projects/${id}/gate-decisions/pending`).set(MANAGER).expect(200)).body;
  const history = async () =>
    (await request(t.http).get(`/projects/${id}/history`).set(MANAGER).expect(200)).body.events;

  beforeAll(async () => {
    t = await startTestApp();
    const proposal = glucoseDetectorProposal({
      riskClass: 'II',
      targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }],
      template: { templateId: 'fda_510k' },
    });
    id = proposal.projectId;
    await request(t.http).post('/projects').set(OFFICE).send(proposal).expect(201);
    const disclosure = { title: 'Bilirubin', summary: 'S', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' };
    await expectStatus(post('/invention-disclosures', disclosure), 200);
    await expectStatus(go(office), 200);
    const patent = {
      title: 'Meter',
      jurisdiction: 'CN',
      kind: 'invention',
      applicationNumber: 'CN1',
      filedOn: '2026-02-03',
    };
    await expectStatus(post('/patents', patent), 200);
    await expectStatus(go(office), 200);
    const built = await expectStatus(
      post('/prototypes', { version: 'v1', description: 'Handheld', builtOn: '2026-03-20' }),
      200,
    );
    const prototypeId = String(built.headers.location).split('/').pop();
    await expectStatus(go(office), 200);
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
      post('/submissions', { authority: 'FDA', pathway: '510k', reference: 'K26', filedOn: '2026-05-01' }),
      200,
    );
  });
  afterAll(() => t.close());

  it('names the rule of the gate ahead before anyone signs', async () => {
    expect(await pending()).toMatchObject({
      projectId: id,
      revision,
      templateStage: 'design_verification',
      pending: null,
      nextGates: [
        {
          toTemplateStage: 'premarket_review',
          approval: { signatures: 2, roles: ['innovation_office', 'management'], independentReviewer: true },
        },
      ],
    });
  });

  it('the first signature is collected: its own event, the stage unmoved, what the rule lacks named', async () => {
    const bound = revision;
    const key = { 'Idempotency-Key': 'first-signature' };
    const res = await expectStatus(go(office, { ...OFFICE, ...key }), 200);
    // A retry answers as the first time, the same `signing` included, and writes nothing.
    const replay = await request(t.http)
      .post(`/projects/${id}/gate-decisions`)
      .set({ ...OFFICE, ...key, 'If-Match': `"${bound}"` })
      .send({ decision: 'go', signature: office })
      .expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(res.body);
    expect(res.body).toMatchObject({
      events: [{ type: 'GateSignatureCollected' }],
      signing: {
        outcome: 'signature_collected',
        missing: ['1 more signature(s) from innovation_office or management.'],
      },
    });
    const view = await pending();
    expect(view.pending).toMatchObject({
      fromTemplateStage: 'design_verification',
      toTemplateStage: 'premarket_review',
      boundRevision: bound,
      signatures: [{ signerId: 'office-li', printedName: 'Li Na', signedRevision: bound, independent: true }],
      missing: ['1 more signature(s) from innovation_office or management.'],
    });
    expect(view.pending.signatures[0].contentHash).toMatch(/^[0-9a-f]{64}$|^sha256:/);
  });

  it('the same person cannot sign twice; the lead clinician cannot sign from their office account', async () => {
    expect((await expectStatus(go(office), 409)).body).toMatchObject({ code: 'already_signed' });
    const lead = { meaning: 'approved to advance', password: passwordOf('dr-chen-office') };
    expect((await expectStatus(go(lead, LEAD_AS_OFFICE), 409)).body.code).toBe('signer_is_lead_clinician');
  });

  it('a change to the record invalidates the signatures collected, and the history shows it', async () => {
    const milestone = { title: 'Bench test', description: 'Second build', occurredOn: '2026-05-02' };
    const res = await expectStatus(post('/milestones', milestone), 200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'MilestoneLogged',
      'GateSignaturesInvalidated',
    ]);
    expect((await pending()).pending).toBeNull();
    const events = await history();
    const invalidated = events.find((e: { type: string }) => e.type === 'GateSignaturesInvalidated');
    expect(invalidated.data).toMatchObject({
      invalidated: [{ signerId: 'office-li' }],
      causedBy: { type: 'MilestoneLogged' },
    });
    expect(invalidated.reason).toMatch(/must sign again/);
    const collected = events.find((e: { type: string }) => e.type === 'GateSignatureCollected');
    expect(collected.signatureStatus).toMatchObject({
      contentHashMatches: true,
      signing: { state: 'invalidated', byType: 'GateSignaturesInvalidated' },
    });
  });

  it('a signer revokes their signature with a reason; nobody else can', async () => {
    await expectStatus(go(office), 200);
    const revoke = (headers: Record<string, string>, body: object) =>
      post('/gate-decisions/signature-revocations', body, headers);
    expect((await expectStatus(revoke(MANAGER, { reason: 'Not mine' }), 409)).body.code).toBe('no_signature_to_revoke');
    expect((await expectStatus(revoke(OFFICE, {}), 400)).body.code).toBe('validation_failed');
    const res = await expectStatus(revoke(OFFICE, { reason: 'Signed before reading the risk file' }), 200);
    expect(res.body.events).toMatchObject([{ type: 'GateSignatureRevoked' }]);
    expect((await pending()).pending).toBeNull();
    const events = await history();
    const revoked = events.find((e: { type: string }) => e.type === 'GateSignatureRevoked');
    expect(revoked).toMatchObject({ reason: 'Signed before reading the risk file', data: { signerId: 'office-li' } });
  });

  it('the second signer (an independent reviewer from management) meets the rule: the stage moves', async () => {
    await expectStatus(go(office), 200);
    const res = await expectStatus(go(manager, MANAGER), 200);
    expect(res.body).toMatchObject({
      events: [{ type: 'StageAdvanced' }],
      signing: { outcome: 'stage_advanced', missing: [] },
    });
    const project = (await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200)).body;
    expect(project).toMatchObject({ stage: 'regulatory_review', template: { stage: 'premarket_review' } });
    expect((await pending()).pending).toBeNull();

    const events = await history();
    const advanced = events.find(
      (e: { type: string; data: { signatures?: unknown[] } }) => e.type === 'StageAdvanced' && e.data.signatures,
    );
    const [first, second] = advanced.data.signatures;
    expect([first.signerId, second.signerId]).toEqual(['office-li', 'mgr-wong']);
    // Both sign the same revision and content hash: the signature events between them changed nothing.
    expect(second.signedRevision).toBe(first.signedRevision);
    expect(second.contentHash).toBe(first.contentHash);
    expect(advanced.data.signature).toEqual(second);
    expect(advanced.signatureStatus).toMatchObject({ contentHashMatches: true });
    const states = events
      .filter((e: { type: string }) => e.type === 'GateSignatureCollected')
      .map((e: { signatureStatus: { signing: { state: string } } }) => e.signatureStatus.signing.state);
    expect(states).toEqual(['invalidated', 'revoked', 'counted']);

    // Once the stage moved there is nothing left to revoke.
    const late = await post('/gate-decisions/signature-revocations', { reason: 'Too late' });
    expect(late.body.code).toBe('no_signature_to_revoke');

    const page = (await request(t.http).get(`/projects/${id}/audit-report?format=html`).set(MANAGER).expect(200)).text;
    expect(page).toContain('signature toward the go: counted by revision');
    expect(page).toContain('signature toward the go: revoked by revision');
  });
});
