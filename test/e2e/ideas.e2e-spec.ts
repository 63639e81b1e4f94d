import request from 'supertest';
import { LEAD, MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

// Doctors submit ideas; the innovation office screens them (issue 14).
describe('ideas submitted by doctors (e2e)', () => {
  let t: TestApp;
  let otherClinician: Record<string, string>;
  beforeAll(async () => {
    // Projections in this process on both engines: GET /ideas reads the idea register.
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    otherClinician = await t.createUser({ username: 'dr-sari', name: 'dr. Sari Wulandari', role: 'clinician' });
  });
  afterAll(() => t.close());

  const idea = {
    title: '无创血糖检测仪',
    clinicalNeed: 'Patients prick their fingers up to six times a day.',
    summary: 'Optical glucose sensing through the fingertip, no lancet.',
    deviceType: 'glucose monitor',
    therapeuticArea: 'endocrinology',
    institution: 'Shanghai Sixth People’s Hospital',
    department: 'Endocrinology',
  };
  const frame = { riskClass: 'III', targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'III' }] };

  it('a clinician submits an idea with a disclosure; the office accepts it; it is a project led by the clinician', async () => {
    const submitted = await request(t.http)
      .post('/ideas')
      .set(LEAD)
      .send({ ...idea, disclosure: { title: 'Fingertip NIR sensing', summary: 'Two wavelengths', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-05' } })
      .expect(201);
    const id: string = submitted.body.projectId;
    expect(submitted.headers.location).toBe(`/ideas/${id}`);
    // Still an idea: no project yet, but the idea is there for its submitter and the office.
    await request(t.http).get(`/projects/${id}`).set(OFFICE).expect(404);
    const seen = await request(t.http).get(`/ideas/${id}`).set(LEAD).expect(200);
    expect(seen.body).toMatchObject({ status: 'submitted', title: idea.title, submittedBy: { id: 'dr-chen', name: 'Dr. Chen Wei' }, project: null });
    // Nobody else's clinician reads an unpublished invention.
    expect((await request(t.http).get(`/ideas/${id}`).set(otherClinician).expect(404)).body.code).toBe('idea_not_found');
    // Only the office screens.
    await request(t.http).post(`/ideas/${id}/acceptance`).set(LEAD).send(frame).expect(403);

    const accepted = await request(t.http).post(`/ideas/${id}/acceptance`).set(OFFICE).set('If-Match', '"0"').send(frame).expect(200);
    expect(accepted.body.events.map((e: { type: string }) => e.type)).toEqual(['IdeaAccepted', 'ProjectProposed', 'InventionDisclosureRecorded']);
    const project = await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200);
    expect(project.body).toMatchObject({ stage: 'idea', status: 'active', profile: { title: idea.title, leadClinician: { id: 'dr-chen' } } });
    expect(project.body.records.disclosures).toHaveLength(1);
    // The disclosure is on the record, so the first gate has its evidence.
    expect(project.body.missingEvidence).toEqual([]);
    // The submitter is on the team as its lead and logs milestones.
    await request(t.http)
      .post(`/projects/${id}/milestones`)
      .set(LEAD)
      .send({ title: 'Bench prototype', description: 'n=12', occurredOn: '2026-01-10' })
      .expect(200);
    expect((await request(t.http).get(`/ideas/${id}`).set(LEAD).expect(200)).body).toMatchObject({ status: 'accepted', project: { stage: 'idea' } });
  });

  it('the office declines an idea with a reason the clinician reads; accepted only after it is submitted again', async () => {
    const { body } = await request(t.http).post('/ideas').set(otherClinician).send({ ...idea, title: 'Alat bantu dengar murah', institution: 'RS Wahidin Sudirohusodo' }).expect(201);
    const id: string = body.projectId;
    await request(t.http).post(`/ideas/${id}/decline`).set(OFFICE).send({}).expect(400);
    await request(t.http).post(`/ideas/${id}/decline`).set(OFFICE).send({ reason: 'Serupa dengan proyek yang sudah berjalan' }).expect(200);
    const read = await request(t.http).get(`/ideas/${id}`).set(otherClinician).expect(200);
    expect(read.body).toMatchObject({ status: 'declined', screeningReason: 'Serupa dengan proyek yang sudah berjalan', submissions: 1 });

    expect((await request(t.http).post(`/ideas/${id}/acceptance`).set(OFFICE).send(frame).expect(409)).body.code).toBe('idea_declined');
    // Only its submitter submits it again.
    expect((await request(t.http).post(`/ideas/${id}/resubmission`).set(LEAD).send(idea).expect(403)).body.code).toBe('not_idea_submitter');
    await request(t.http).post(`/ideas/${id}/resubmission`).set(otherClinician).send({ ...idea, summary: 'Revised' }).expect(200);
    expect((await request(t.http).get(`/ideas/${id}`).set(MANAGER).expect(200)).body).toMatchObject({ status: 'submitted', submissions: 2, summary: 'Revised' });
    await request(t.http).post(`/ideas/${id}/acceptance`).set(OFFICE).send({ ...frame, reason: 'Revised scope fits' }).expect(200);
  });

  it('lists the screening queue for the office, and a clinician’s own ideas, with counts and screening time', async () => {
    const mine = await request(t.http).post('/ideas').set(otherClinician).send({ ...idea, title: 'Queue me' }).expect(201);
    const position = mine.body.globalPosition;
    const queue = await request(t.http).get('/ideas').query({ status: 'submitted', position }).set(OFFICE).expect(200);
    expect(queue.body.items.map((i: { title: string }) => i.title)).toContain('Queue me');
    expect(queue.body.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true);
    // Every idea so far: one accepted at once, one declined then accepted, one waiting.
    const all = await request(t.http).get('/ideas').query({ position }).set(MANAGER).expect(200);
    expect(all.body.counts).toEqual({ submitted: 1, declined: 0, accepted: 2 });
    expect(all.body.acceptanceRate).toBe(1);
    expect(all.body.screeningTime).toMatchObject({ count: 2, medianDays: expect.any(Number), p90Days: expect.any(Number) });
    // A clinician sees their own ideas only, with the office's reasons.
    const own = await request(t.http).get('/ideas').query({ position }).set(otherClinician).expect(200);
    expect(own.body.items.map((i: { submittedById: string }) => i.submittedById)).toEqual(['dr-sari', 'dr-sari']);
    expect(own.body.items.find((i: { status: string }) => i.status === 'accepted')).toMatchObject({ screeningReason: 'Revised scope fits', submissions: 2, screenedByName: 'Li Na' });
    // The board and the funnel know the ideas before the first stage.
    const board = await request(t.http).get('/pipeline/board').set(MANAGER).expect(200);
    expect(board.body.ideasAwaitingScreening).toBe(1);
    const funnel = await request(t.http).get('/pipeline/funnel').set(MANAGER).expect(200);
    expect(funnel.body.ideas).toEqual({ submitted: 3, awaitingScreening: 1, declined: 0, accepted: 2, conversionToProject: 0.667 });
    const past = await request(t.http).get('/pipeline/funnel').query({ asOf: new Date().toISOString() }).set(MANAGER).expect(200);
    expect(past.body.ideas).toBeNull();
    const lead = await request(t.http).get('/ideas').query({ position }).set(LEAD).expect(200);
    expect(lead.body.items).toHaveLength(1);
    expect(lead.body.counts).toEqual({ submitted: 0, declined: 0, accepted: 1 });
  });

  it('a clinician’s projects (member=me): those whose team they are on, as lead or member, until removed', async () => {
    // Each read waits for the last write (projections run beside the API on PostgreSQL).
    let position = 0;
    const accept = async (headers: Record<string, string>, title: string) => {
      const { body } = await request(t.http).post('/ideas').set(headers).send({ ...idea, title }).expect(201);
      position = (await request(t.http).post(`/ideas/${body.projectId}/acceptance`).set(OFFICE).send(frame).expect(200)).body.globalPosition;
      return body.projectId as string;
    };
    const chens = await accept(LEAD, 'Chen’s member project');
    const saris = await accept(otherClinician, 'Sari’s member project');
    const mine = async (headers: Record<string, string>) =>
      (await request(t.http).get('/projects').query({ member: 'me', pageSize: 100, position }).set(headers).expect(200)).body.items.map((p: { projectId: string }) => p.projectId);
    expect(await mine(LEAD)).toContain(chens);
    expect(await mine(LEAD)).not.toContain(saris);
    // Added to Sari's team, Dr. Chen sees it (and the office sees only its own: it leads none).
    const added = await request(t.http)
      .post(`/projects/${saris}/team-members`)
      .set(OFFICE)
      .send({ member: { id: 'dr-chen', name: 'Dr. Chen Wei' }, teamRole: 'clinician' })
      .expect(200);
    position = added.body.globalPosition;
    expect(await mine(LEAD)).toContain(saris);
    expect(await mine(otherClinician)).toEqual(expect.arrayContaining([saris]));
    expect(await mine(otherClinician)).not.toContain(chens);
    expect(await mine(OFFICE)).toEqual([]);
    position = (
      await request(t.http)
        .post(`/projects/${saris}/team-members/dr-chen/removal`)
        .set(OFFICE)
        .set('If-Match', `"${added.body.revision}"`)
        .send({ reason: 'Moved to another hospital' })
        .expect(200)
    ).body.globalPosition;
    expect(await mine(LEAD)).not.toContain(saris);
    await request(t.http).get('/projects').query({ member: 'someone-else' }).set(LEAD).expect(400);
  });

  it('measures screening like time in stage: screened durations and the waiting queue in GET /pipeline/time-in-stage', async () => {
    const waiting = await request(t.http).post('/ideas').set(otherClinician).send({ ...idea, title: 'Still waiting' }).expect(201);
    const report = await request(t.http).get('/pipeline/time-in-stage').query({ position: waiting.body.globalPosition }).set(MANAGER).expect(200);
    const position = waiting.body.globalPosition;
    const queue = (await request(t.http).get('/ideas').query({ status: 'submitted', position }).set(OFFICE).expect(200)).body;
    const all = (await request(t.http).get('/ideas').query({ position }).set(MANAGER).expect(200)).body;
    expect(report.body.screening).toMatchObject({
      screened: all.counts.accepted + all.counts.declined,
      medianDays: all.screeningTime.medianDays,
      p90Days: all.screeningTime.p90Days,
      currentCount: queue.total,
      currentMedianAgeDays: expect.any(Number),
      currentMaxAgeDays: expect.any(Number),
    });
    expect(report.body.screening.screened).toBeGreaterThan(0);
    expect(report.body.screening.currentCount).toBeGreaterThan(0);
  });

  it('refuses the office submitting ideas, and validates the idea', async () => {
    await request(t.http).post('/ideas').set(OFFICE).send(idea).expect(403);
    const res = await request(t.http).post('/ideas').set(LEAD).send({ ...idea, clinicalNeed: undefined, title: 'x'.repeat(201) }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['clinicalNeed', 'title']);
  });
});
