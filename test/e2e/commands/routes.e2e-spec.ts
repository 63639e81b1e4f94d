import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PROJECT_COMMAND_TYPES } from '../../../libs/pipeline/src/domain';
import type { ProjectCommandType } from '../../../libs/pipeline/src/domain';
import { LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

// Where each domain command is reached over HTTP. A new command without a route fails the first test.
const ROUTES: Record<ProjectCommandType, string> = {
  ProposeProject: 'POST /projects',
  SubmitIdea: 'POST /ideas',
  ResubmitIdea: 'POST /ideas/{projectId}/resubmission',
  AcceptIdea: 'POST /ideas/{projectId}/acceptance',
  DeclineIdea: 'POST /ideas/{projectId}/decline',
  RecordInventionDisclosure: 'POST /projects/{projectId}/invention-disclosures',
  FilePatent: 'POST /projects/{projectId}/patents',
  RecordPatentPublished: 'POST /projects/{projectId}/patents/{patentId}/publication',
  RecordPatentGranted: 'POST /projects/{projectId}/patents/{patentId}/grant',
  AbandonPatent: 'POST /projects/{projectId}/patents/{patentId}/abandonment',
  RecordPrototypeBuilt: 'POST /projects/{projectId}/prototypes',
  RecordVerificationTest: 'POST /projects/{projectId}/verification-tests',
  RecordDesignReview: 'POST /projects/{projectId}/design-reviews',
  RecordEthicsApproval: 'POST /projects/{projectId}/ethics-approvals',
  RegisterTrial: 'POST /projects/{projectId}/trials',
  RecordFirstPatientIn: 'POST /projects/{projectId}/trials/{trialId}/first-patient-in',
  UpdateEnrolment: 'POST /projects/{projectId}/trials/{trialId}/enrolment',
  CompleteTrial: 'POST /projects/{projectId}/trials/{trialId}/completion',
  RecordTrialAuthorisation: 'POST /projects/{projectId}/trial-authorisations',
  RecordDesignation: 'POST /projects/{projectId}/designations',
  RecordEquivalenceEvaluation: 'POST /projects/{projectId}/equivalence-evaluations',
  FileSubmission: 'POST /projects/{projectId}/submissions',
  RecordSubmissionDeficiency: 'POST /projects/{projectId}/submissions/{submissionId}/deficiencies',
  AnswerSubmissionDeficiency: 'POST /projects/{projectId}/submissions/{submissionId}/deficiency-answers',
  RecordSubmissionApproval: 'POST /projects/{projectId}/submissions/{submissionId}/approval',
  RecordSubmissionRejection: 'POST /projects/{projectId}/submissions/{submissionId}/rejection',
  AddTeamMember: 'POST /projects/{projectId}/team-members',
  RemoveTeamMember: 'POST /projects/{projectId}/team-members/{memberId}/removal',
  AddPartner: 'POST /projects/{projectId}/partners',
  RemovePartner: 'POST /projects/{projectId}/partners/{partnerId}/removal',
  LogMilestone: 'POST /projects/{projectId}/milestones',
  CorrectRecord: 'POST /projects/{projectId}/corrections',
  RetractRecord: 'POST /projects/{projectId}/retractions',
  // The five gate commands share one route; the body's decision picks the command.
  AdvanceStage: 'POST /projects/{projectId}/gate-decisions',
  KillProject: 'POST /projects/{projectId}/gate-decisions',
  PutProjectOnHold: 'POST /projects/{projectId}/gate-decisions',
  ResumeProject: 'POST /projects/{projectId}/gate-decisions',
  RecycleProject: 'POST /projects/{projectId}/gate-decisions',
  // A signer withdraws their own signature from a go still collecting signatures.
  RevokeGateSignature: 'POST /projects/{projectId}/gate-decisions/signature-revocations',
  // A condition of a conditional go is closed by its owner or the office, with evidence.
  CloseCondition: 'POST /projects/{projectId}/conditions/{conditionId}/close',
  // Gate decisions taken on paper come only with a portfolio import (admin), as the same gate events.
  RecordPaperGateDecision: 'POST /admin/portfolio-imports',
  // A document's bytes come with the command (multipart); a new version supersedes one.
  AttachDocument: 'POST /projects/{projectId}/documents',
  SupersedeDocument: 'POST /projects/{projectId}/documents/{documentId}/versions',
  // A project bound to a template moves to a newer version of it by a signed decision.
  MoveToTemplateVersion: 'POST /projects/{projectId}/template-versions',
};

const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };

// One refused body per DTO family: the impossible date, the unknown enum value, the unknown field, the bad id.
const INVALID: { name: string; path: string; body: object; fields: string[] }[] = [
  { name: 'impossible date', path: '/invention-disclosures', body: { title: 't', summary: 's', inventors: ['A'], disclosedOn: '2026-02-30' }, fields: ['disclosedOn'] },
  { name: 'unknown patent kind', path: '/patents', body: { title: 't', jurisdiction: 'CN', kind: 'trademark', applicationNumber: 'A1', filedOn: '2026-02-03' }, fields: ['kind'] },
  { name: 'unknown extra field', path: `/patents/${randomUUID()}/publication`, body: { publicationNumber: 'P1', publishedOn: '2026-02-03', colour: 'blue' }, fields: ['colour'] },
  { name: 'patentId not a UUID', path: '/patents/pat-1/grant', body: { patentNumber: 'G1', grantedOn: '2026-02-03' }, fields: ['patentId'] },
  { name: 'unknown test result, no prototype', path: '/verification-tests', body: { standard: 'ISO 10993-5', lab: 'L', result: 'maybe', testedOn: '2026-04-02', reportReference: 'R' }, fields: ['prototypeId', 'result'] },
  { name: 'fractional enrolment', path: `/trials/${randomUUID()}/enrolment`, body: { enrolled: 1.5, asOf: '2026-06-30' }, fields: ['enrolled'] },
  { name: 'endpoint not a boolean', path: `/trials/${randomUUID()}/completion`, body: { completedOn: '2026-08-15', primaryEndpointMet: 'yes', resultSummary: 'r' }, fields: ['primaryEndpointMet'] },
  { name: 'month 13', path: '/equivalence-evaluations', body: { predicateDevice: 'd', predicateManufacturer: 'm', predicateReference: 'K1', equivalent: true, evaluatedOn: '2026-13-01' }, fields: ['evaluatedOn'] },
  { name: 'unknown authority', path: '/submissions', body: { authority: 'TGA', pathway: 'registration', reference: 'R', filedOn: '2026-08-30' }, fields: ['authority'] },
  { name: 'impossible approval date', path: `/submissions/${randomUUID()}/approval`, body: { certificateNumber: 'C', approvedOn: '2026-02-30', deviceClass: 'III' }, fields: ['approvedOn'] },
  { name: 'unknown team role, nameless member', path: '/team-members', body: { member: { id: 'eng-wu' }, teamRole: 'surgeon' }, fields: ['member.name', 'teamRole'] },
  { name: 'memberId over 128 characters', path: `/team-members/${'x'.repeat(129)}/removal`, body: {}, fields: ['memberId'] },
  { name: 'unknown partner kind', path: '/partners', body: { name: 'P', kind: 'university', role: 'licensee' }, fields: ['kind'] },
  { name: 'impossible milestone date', path: '/milestones', body: { title: 't', description: 'd', occurredOn: '2026-02-30' }, fields: ['occurredOn'] },
  { name: 'object as a value, unknown kind', path: '/corrections', body: { target: { kind: 'invoice', id: 'x' }, field: 'title', oldValue: 'a', newValue: { a: 1 }, reason: 'r' }, fields: ['newValue', 'target.kind'] },
  { name: 'missing old value', path: '/corrections', body: { target: { kind: 'milestone', id: 'x' }, field: 'title', newValue: null, reason: 'r' }, fields: ['oldValue'] },
  { name: 'project not retractable', path: '/retractions', body: { target: { kind: 'project', id: 'x' }, reason: 'r' }, fields: ['target.kind'] },
  { name: 'unknown decision', path: '/gate-decisions', body: { decision: 'approve', signature }, fields: ['decision'] },
  { name: 'go with a recycle stage', path: '/gate-decisions', body: { decision: 'go', toStage: 'idea', signature }, fields: ['toStage'] },
  { name: 'recycle without its stage', path: '/gate-decisions', body: { decision: 'recycle', reason: 'failed trial', signature }, fields: ['toStage'] },
  { name: 'signature without its meaning', path: '/gate-decisions', body: { decision: 'hold', reason: 'funding', signature: { printedName: 'Li Na' } }, fields: ['signature.meaning'] },
];

describe('command routes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('documents a route for every domain command', () => {
    expect(Object.keys(ROUTES).sort()).toEqual([...PROJECT_COMMAND_TYPES].sort());
    const documented = Object.entries(t.openapi.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const missing = Object.entries(ROUTES).filter(([, route]) => !documented.includes(route));
    expect(missing).toEqual([]);
  });

  it.each(INVALID)('400 validation_failed naming the field: $name', async ({ path, body, fields }) => {
    const res = await request(t.http).post(`/projects/${randomUUID()}${path}`).set(OFFICE).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(fields);
  });

  it('records every domain command through its route (a class II spine-imaging tool)', async () => {
    const recorded: string[] = [];
    const proposal = await request(t.http)
      .post('/projects')
      .set(OFFICE)
      .send({
        title: 'AI spine-imaging assistant',
        summary: 'Flags vertebral fractures on CT',
        deviceType: 'imaging software',
        riskClass: 'II',
        targets: [{ authority: 'FDA', pathway: '510k' }, { authority: 'HSA', pathway: 'abridged' }],
        therapeuticArea: 'orthopaedics',
        institution: 'Singapore General Hospital',
        department: 'Orthopaedic Surgery',
        leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
      })
      .expect(201);
    recorded.push(proposal.body.events[0].type);
    const projectId: string = proposal.body.projectId;
    const send = async (path: string, body: object, as = OFFICE) => {
      const signed = path === '/gate-decisions' ? { 'If-Match': `"${recorded.length - 1}"` } : {};
      const res = await request(t.http).post(`/projects/${projectId}${path}`).set({ ...as, ...signed }).send(body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({ status: 200, body: { revision: recorded.length } });
      recorded.push(res.body.events[0].type);
      return String(res.headers.location ?? '').split('/').pop()!;
    };
    const signature = { meaning: 'approved', printedName: 'Li Na', password: OFFICE_PASSWORD };
    const trialId = randomUUID();

    await send('/team-members', { member: { id: 'eng-wu', name: 'Wu Jun' }, teamRole: 'engineer' });
    const partnerId = await send('/partners', { name: 'Shenzhen Imaging AI', kind: 'enterprise', role: 'co_developer' });
    await send('/team-members/eng-wu/removal', { reason: 'Moved to another project' });
    await send(`/partners/${partnerId}/removal`, {});
    await send('/invention-disclosures', { title: 'Fracture detection', summary: 'CNN on sagittal CT', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-05' });
    await send('/gate-decisions', { decision: 'go', signature });
    const invention = await send('/patents', { title: 'Fracture detection', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN1', filedOn: '2026-01-20' });
    await send(`/patents/${invention}/publication`, { publicationNumber: 'CN1A', publishedOn: '2026-07-20' });
    const utility = await send('/patents', { title: 'CT rest', jurisdiction: 'CN', kind: 'utility_model', applicationNumber: 'CN2', filedOn: '2026-01-21' });
    await send(`/patents/${utility}/grant`, { patentNumber: 'ZL2', grantedOn: '2026-06-01' });
    await send(`/patents/${utility}/abandonment`, { abandonedOn: '2026-06-02', reason: 'Fees not worth paying' });
    // A conditional go: its condition is set by a ConditionSet after the StageAdvanced; the owner closes it with evidence.
    const conditionId = randomUUID();
    const dueOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const conditional = await request(t.http)
      .post(`/projects/${projectId}/gate-decisions`)
      .set({ ...OFFICE, 'If-Match': `"${recorded.length - 1}"` })
      .send({ decision: 'go', signature, conditions: [{ conditionId, text: 'Cybersecurity review of the hosting', ownerId: 'dr-chen', dueOn }] })
      .expect(200);
    recorded.push(...conditional.body.events.map((e: { type: string }) => e.type));
    await send(`/conditions/${conditionId}/close`, { evidence: 'Review CS-7 passed' }, LEAD);
    const prototypeId = await send('/prototypes', { version: '1.0', description: 'Model v1', builtOn: '2026-02-01' });
    const testId = await send('/verification-tests', { prototypeId, standard: 'IEC 62304', lab: 'TÜV SÜD', result: 'passed', testedOn: '2026-02-10', reportReference: 'T1' });
    // A document comes as a multipart form (its bytes streamed), then a new version of it with a reason.
    const upload = async (path: string, fields: Record<string, string>, text: string) => {
      let req = request(t.http).post(`/projects/${projectId}${path}`).set(OFFICE);
      for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
      const res = await req.attach('file', Buffer.from(`%PDF-1.7\n${text}\n`), { filename: 'IEC 62304 report.pdf', contentType: 'application/pdf' });
      expect({ path, status: res.status, body: res.body }).toMatchObject({ status: 201, body: { revision: recorded.length } });
      recorded.push(res.body.events[0].type);
      return res.body.documentId as string;
    };
    const reportId = await upload('/documents', { kind: 'verification_test', recordId: testId, purpose: 'test_report' }, 'draft');
    await upload(`/documents/${reportId}/versions`, { reason: 'The signed copy' }, 'signed');
    await send('/design-reviews', { heldOn: '2026-02-15', outcome: 'passed_with_actions', summary: 'Two actions' });
    await send('/ethics-approvals', { committee: 'SingHealth CIRB', reference: '2026/2001', approvedOn: '2026-02-20' });
    await send('/trials', { trialId, title: 'Reader study', registry: 'NCT', registryId: 'NCT07000001', targetEnrolment: 300, registeredOn: '2026-02-21' });
    await send(`/trials/${trialId}/first-patient-in`, { occurredOn: '2026-03-01' }, LEAD);
    await send(`/trials/${trialId}/enrolment`, { enrolled: 120, asOf: '2026-03-31' }, LEAD);
    await send(`/trials/${trialId}/completion`, { completedOn: '2026-04-30', primaryEndpointMet: false, resultSummary: 'Sensitivity below target' });
    // The regulators' own decisions ahead of a submission: FDA's IDE for the reader study, a designation (issue 15).
    await send('/trial-authorisations', { form: 'IDE', authority: 'FDA', reference: 'G260001', grantedOn: '2026-02-18', trialId });
    await send('/designations', { programme: 'fda_breakthrough_device', reference: 'Q260002', grantedOn: '2026-02-19' });
    await send('/equivalence-evaluations', { predicateDevice: 'Spine CAD', predicateManufacturer: 'X', predicateReference: 'K201234', equivalent: true, evaluatedOn: '2026-05-01' });
    await send('/gate-decisions', { decision: 'hold', reason: 'Awaiting funding', signature });
    await send('/gate-decisions', { decision: 'resume', signature });
    // A class II prototype has two routes, each with its gate's evidence: what the gate dialog offers.
    const atPrototype = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    expect(atPrototype.goTargets.map((g: { stage: string }) => g.stage)).toEqual(['clinical_validation', 'regulatory_review']);
    expect(atPrototype.goTargets[1].requirements.map((r: { code: string; met: boolean }) => [r.code, r.met])).toEqual([
      ['prototype_built', true],
      ['verification_passed', true],
      ['design_review_held', true],
      ['equivalence_evaluation', true],
    ]);
    await send('/gate-decisions', { decision: 'go', targetStage: 'regulatory_review', signature });
    const fda = await send('/submissions', { authority: 'FDA', pathway: '510k', reference: 'K261111', filedOn: '2026-05-10' });
    await send(`/submissions/${fda}/deficiencies`, { receivedOn: '2026-06-10', summary: 'Additional information request' });
    await send(`/submissions/${fda}/rejection`, { rejectedOn: '2026-07-10', reason: 'Not substantially equivalent' });
    const hsa = await send('/submissions', { authority: 'HSA', pathway: 'abridged', reference: 'DE0001', filedOn: '2026-05-11' });
    await send(`/submissions/${hsa}/deficiencies`, { receivedOn: '2026-06-11', summary: 'Labelling' });
    await send(`/submissions/${hsa}/deficiency-answers`, { answeredOn: '2026-06-20', summary: 'Label revised' });
    await send(`/submissions/${hsa}/approval`, { certificateNumber: 'DE0501234', approvedOn: '2026-08-01', deviceClass: 'B' });
    const milestoneId = await send('/milestones', { title: 'Reader study closed', description: 'All reads in', occurredOn: '2026-04-03' }, LEAD);
    const target = { kind: 'milestone', id: milestoneId };
    await send('/corrections', { target, field: 'occurredOn', oldValue: '2026-04-03', newValue: '2026-04-30', reason: 'Typed from the wrong log' }, LEAD);
    await send('/retractions', { target, reason: 'Logged twice' });
    await send('/gate-decisions', { decision: 'recycle', toStage: 'prototype', reason: 'Redesign after the FDA refusal', signature });
    await send('/gate-decisions', { decision: 'kill', reason: 'Partner withdrew', signature });

    // One event type per command: every command of a proposed project recorded at least once (a doctor's idea
    // starts another way: test/e2e/ideas.e2e-spec.ts walks its four commands).
    const ideaCommands = PROJECT_COMMAND_TYPES.filter((type) => ROUTES[type].startsWith('POST /ideas'));
    expect(ideaCommands).toHaveLength(4);
    // A signature's revocation needs a template gate asking for several signers: gate-signatures.e2e-spec.ts walks it.
    // This project follows the fixed model: template-adoption.e2e-spec.ts moves a template-bound one to a newer version.
    const elsewhere = ['RecordPaperGateDecision', 'RevokeGateSignature', 'MoveToTemplateVersion'];
    // ConditionSet is no command's own event: it rides on a conditional go.
    expect(new Set(recorded.filter((type) => type !== 'ConditionSet')).size).toBe(PROJECT_COMMAND_TYPES.length - ideaCommands.length - elsewhere.length);

    const history = await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200);
    const event = (type: string) => history.body.events.find((e: { type: string }) => e.type === type);
    // A dated record happened on its day; a gate decision when it was signed.
    expect(event('PatentFiled').occurredAt).toBe('2026-01-20T00:00:00.000Z');
    expect(event('TeamMemberRemoved')).toMatchObject({ reason: 'Moved to another project', data: { memberId: 'eng-wu' } });
    expect(event('PartnerRemoved').data).toMatchObject({ partnerId, reason: null });
    expect(event('ProjectKilled')).toMatchObject({
      reason: 'Partner withdrew',
      data: { decision: 'kill', signature: { signerId: 'office-li', printedName: 'Li Na', role: 'innovation_office', meaning: 'approved', signedRevision: recorded.length - 2, contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } },
    });
  });

  it('404 project_not_found for a valid command on an unknown project', async () => {
    const res = await request(t.http)
      .post(`/projects/${randomUUID()}/patents/${randomUUID()}/grant`)
      .set(OFFICE)
      .send({ patentNumber: 'ZL202610123456.7', grantedOn: '2026-06-01' })
      .expect(404);
    expect(res.body).toMatchObject({ status: 404, code: 'project_not_found' });
  });
});
