import request from 'supertest';
import { glucoseDetectorProposal, proposeProject } from './support/fixtures';
import { LEAD, MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

// Issue 15 item 2: a regulatory track per target authority, and the records templates need (trial authorisations,
// designations), through the API, the project view, the board, the project list and the funnel.
describe('regulatory tracks (e2e)', () => {
  let t: TestApp;
  let projectId: string;
  let position = 0;
  const targets = [
    { authority: 'NMPA', pathway: 'registration', deviceClass: 'III' },
    { authority: 'FDA', pathway: 'pma', deviceClass: 'III' },
  ];
  const post = async (path: string, body: object, expected = 200) => {
    const res = await request(t.http).post(`/projects/${projectId}${path}`).set(OFFICE).send(body).expect(expected);
    if (expected === 200) position = res.body.globalPosition as number;
    return res;
  };
  const view = async () => (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
  const ide = { form: 'IDE', authority: 'FDA', reference: 'G250123', grantedOn: '2025-02-20' };
  const breakthrough = { programme: 'fda_breakthrough_device', reference: 'Q250456', grantedOn: '2025-01-15' };

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    projectId = await proposeProject(t.http, { title: 'Tracks glucose detector', targets });
  });
  afterAll(() => t.close());

  it('records a trial authorisation and a designation: on the record and on the FDA track', async () => {
    const first = await post('/trial-authorisations', ide);
    expect(first.headers.location).toMatch(new RegExp(`^/projects/${projectId}/trial-authorisations/[0-9a-f-]{36}$`));
    expect(first.body.events.map((e: { type: string }) => e.type)).toEqual(['TrialAuthorisationRecorded']);
    let project = await view();
    expect(project.records.trialAuthorisations).toEqual([
      expect.objectContaining({
        form: 'IDE',
        authority: 'FDA',
        reference: 'G250123',
        grantedOn: '2025-02-20',
        trialId: null,
      }),
    ]);
    expect(project.regulatoryTracks.map((tr: { summary: string }) => tr.summary)).toEqual([
      'not started with NMPA',
      'trial authorised by FDA',
    ]);

    const designated = await post('/designations', breakthrough);
    expect(designated.body.events.map((e: { type: string }) => e.type)).toEqual(['DesignationGranted']);
    project = await view();
    expect(project.records.designations).toEqual([
      expect.objectContaining({ programme: 'fda_breakthrough_device', authority: 'FDA', reference: 'Q250456' }),
    ]);
    expect(project.regulatoryTracks[1]).toMatchObject({
      authority: 'FDA',
      pathway: 'pma',
      status: 'designated',
      since: '2025-01-15',
      designations: [expect.objectContaining({ programme: 'fda_breakthrough_device' })],
      trialAuthorisations: [expect.objectContaining({ form: 'IDE' })],
    });
  });

  it('keeps the regulator’s letters with the authorisation and the designation; a clinician may not add them', async () => {
    const project = await view();
    const authorisationId = project.records.trialAuthorisations[0].authorisationId as string;
    const designationId = project.records.designations[0].designationId as string;
    const letter = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n`);
    const upload = (kind: string, recordId: string, purpose: string, name: string, headers = OFFICE) =>
      request(t.http).post(`/projects/${projectId}/documents`).set(headers)
        .field('kind', kind).field('recordId', recordId).field('purpose', purpose)
        .attach('file', letter(name), { filename: name, contentType: 'application/pdf' });
    await upload('trial_authorisation', authorisationId, 'authorisation_letter', 'IDE G250123 approval.pdf').expect(201);
    await upload('designation', designationId, 'designation_letter', 'Breakthrough Q250456.pdf').expect(201);
    expect((await upload('designation', designationId, 'authorisation_letter', 'wrong.pdf').expect(409)).body.code).toBe('invalid_document_target');
    expect((await upload('trial_authorisation', authorisationId, 'authorisation_letter', 'lead.pdf', LEAD).expect(403)).body.code).toBe('role_not_permitted');
    const documents = (await request(t.http).get(`/projects/${projectId}/documents`).set(MANAGER).expect(200)).body;
    const listed = (documents.documents ?? documents) as { attachedTo: { kind: string; id: string }; purpose: string; fileName: string }[];
    expect(listed.map((d) => [d.attachedTo.kind, d.attachedTo.id, d.purpose, d.fileName])).toEqual([
      ['trial_authorisation', authorisationId, 'authorisation_letter', 'IDE G250123 approval.pdf'],
      ['designation', designationId, 'designation_letter', 'Breakthrough Q250456.pdf'],
    ]);
  });

  it('refuses an unknown authority, form or programme and a day to come (400, each field named)', async () => {
    const fields = async (path: string, body: object) =>
      (await post(path, body, 400)).body.errors.map((e: { field: string }) => e.field).sort();
    expect(await fields('/trial-authorisations', { ...ide, authority: 'MHRA', form: 'IDX' })).toEqual([
      'authority',
      'form',
    ]);
    expect(await fields('/trial-authorisations', { ...ide, grantedOn: '2999-01-01', trialId: 'tr-1' })).toEqual([
      'grantedOn',
      'trialId',
    ]);
    expect(await fields('/designations', { ...breakthrough, programme: 'fast_lane', grantedOn: '2025-02-30' })).toEqual(
      ['grantedOn', 'programme'],
    );
  });

  it('refuses an authority the project does not target, a form the authority does not issue, a trial not on record (409)', async () => {
    const refused = async (path: string, body: object) => (await post(path, body, 409)).body;
    expect(
      await refused('/trial-authorisations', { ...ide, form: 'EU_clinical_investigation', authority: 'EU_MDR' }),
    ).toMatchObject({
      code: 'authority_not_targeted',
    });
    expect(await refused('/designations', { ...breakthrough, programme: 'hsa_priority_review' })).toMatchObject({
      code: 'authority_not_targeted',
    });
    expect(await refused('/trial-authorisations', { ...ide, form: 'NMPA_trial_approval' })).toMatchObject({
      code: 'invalid_regulatory_target',
    });
    expect(
      await refused('/trial-authorisations', { ...ide, trialId: '00000000-0000-4000-8000-000000000001' }),
    ).toMatchObject({ code: 'trial_not_found' });
  });

  it('is the office’s to record: a team clinician and management are refused', async () => {
    await request(t.http).post(`/projects/${projectId}/designations`).set(LEAD).send(breakthrough).expect(403);
    await request(t.http).post(`/projects/${projectId}/trial-authorisations`).set(MANAGER).send(ide).expect(403);
  });

  it('shows "approved by NMPA, in review at FDA" on the project, and the board and list filter by track status, pathway and template', async () => {
    const filed = await post('/submissions', {
      authority: 'NMPA',
      pathway: 'registration',
      reference: 'NMPA-1',
      filedOn: '2026-01-05',
    });
    const nmpaId = String(filed.headers.location).split('/').pop();
    await post(`/submissions/${nmpaId}/approval`, {
      certificateNumber: '国械注准20263070001',
      approvedOn: '2026-06-01',
      deviceClass: 'III',
    });
    await post('/submissions', { authority: 'FDA', pathway: 'pma', reference: 'P260001', filedOn: '2026-02-01' });
    const project = await view();
    expect(project.regulatoryTracks.map((tr: { summary: string }) => tr.summary).join(', ')).toBe(
      'approved by NMPA, in review at FDA',
    );
    expect(project.regulatoryTracks[0].approval).toMatchObject({ approvedOn: '2026-06-01', deviceClass: 'III' });

    // A second project targeting FDA by 510(k) only, nothing recorded yet.
    const spine = glucoseDetectorProposal({
      title: 'Tracks spine imaging',
      riskClass: 'II',
      targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }],
    });
    const proposed = await request(t.http).post('/projects').set(OFFICE).send(spine).expect(201);
    // The list and board read projections: wait for this proposal too, not only for the first project's last event.
    position = proposed.body.globalPosition as number;
    const other = spine.projectId;
    const created = await request(t.http).get(`/projects/${other}`).set(MANAGER).expect(200);
    expect(created.body.regulatoryTracks).toEqual([
      expect.objectContaining({ authority: 'FDA', status: 'not_started', since: null }),
    ]);

    const list = async (query: string) => {
      const res = await request(t.http)
        .get(`/projects?q=Tracks&sort=title&position=${position}&${query}`)
        .set(MANAGER)
        .expect(200);
      return res.body.items.map((i: { title: string }) => i.title);
    };
    const card = (await request(t.http).get(`/projects?q=Tracks+glucose&position=${position}`).set(MANAGER).expect(200))
      .body.items[0];
    expect(card).toMatchObject({
      template: 'fixed_model',
      pathways: ['pma', 'registration'],
      regulatoryTracks: [
        { authority: 'NMPA', pathway: 'registration', status: 'approved', since: '2026-06-01' },
        { authority: 'FDA', pathway: 'pma', status: 'in_review', since: '2026-02-01' },
      ],
    });
    expect(await list('authority=NMPA&authorityStatus=approved')).toEqual(['Tracks glucose detector']);
    expect(await list('authority=FDA&authorityStatus=approved')).toEqual([]);
    expect(await list('authorityStatus=not_started')).toEqual(['Tracks spine imaging']);
    expect(await list('pathway=510k')).toEqual(['Tracks spine imaging']);
    expect(await list('template=fixed_model')).toEqual(['Tracks glucose detector', 'Tracks spine imaging']);
    expect(await list('template=fda_pma')).toEqual([]);

    const board = (
      await request(t.http)
        .get(`/pipeline/board?authority=FDA&authorityStatus=in_review&position=${position}`)
        .set(MANAGER)
        .expect(200)
    ).body;
    expect(board.total).toBe(1);
    expect(board.stages[0].projects[0].regulatoryTracks[1]).toMatchObject({ authority: 'FDA', status: 'in_review' });
    await request(t.http).get('/pipeline/board?authorityStatus=granted').set(MANAGER).expect(400);
    await request(t.http).get('/projects?pathway=fast').set(MANAGER).expect(400);

    const funnel = (
      await request(t.http).get(`/pipeline/funnel?authority=FDA&position=${position}`).set(MANAGER).expect(200)
    ).body;
    expect(funnel.totals.projects).toBe(2);
    expect(funnel.authorities.find((a: { authority: string }) => a.authority === 'FDA')).toMatchObject({
      targeted: 2,
      byStatus: expect.objectContaining({ in_review: 1, not_started: 1, approved: 0 }),
    });
    expect(funnel.authorities.find((a: { authority: string }) => a.authority === 'NMPA').byStatus.approved).toBe(1);
    expect(
      (await request(t.http).get(`/pipeline/funnel?pathway=510k&position=${position}`).set(MANAGER).expect(200)).body
        .totals.projects,
    ).toBe(1);
  });

  it('corrects and retracts a designation like any record: the track follows', async () => {
    const designationId = (await view()).records.designations[0].designationId as string;
    await post('/corrections', {
      target: { kind: 'designation', id: designationId },
      field: 'reference',
      oldValue: 'Q250456',
      newValue: 'Q250457',
      reason: 'Typo in the letter number',
    });
    expect((await view()).regulatoryTracks[1].designations[0].reference).toBe('Q250457');
    await post('/retractions', {
      target: { kind: 'designation', id: designationId },
      reason: 'Recorded on the wrong project',
    });
    expect((await view()).regulatoryTracks[1].designations).toEqual([]);
  });
});
