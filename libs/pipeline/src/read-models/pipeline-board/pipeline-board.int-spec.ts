import { availableEngines } from '@app/platform/testing';
import { GetPipelineBoardHandler } from './get-pipeline-board.handler';
import { GetStalledProjectsHandler } from './get-stalled-projects.handler';
import { ListProjectsHandler } from './list-projects.handler';
import { GetPipelineBoardQuery } from './get-pipeline-board.query';
import { GetStalledProjectsQuery } from './get-stalled-projects.query';
import { ListProjectsQuery } from './list-projects.query';
import { ReadYourWrites } from '../shared/read-your-writes';
import { AnswerCache } from '../shared/answer-cache';
import { ProjectStory, ReadModelKit, startReadModelKit } from '../testing/read-model-test-kit';

describe.each(availableEngines())('pipeline board on %s', (engine) => {
  let kit: ReadModelKit;
  let board: GetPipelineBoardHandler;
  let list: ListProjectsHandler;
  let stalled: GetStalledProjectsHandler;

  beforeAll(async () => {
    kit = await startReadModelKit(engine);
    const rw = new ReadYourWrites(kit.runner);
    board = new GetPipelineBoardHandler(kit.ds, kit.runner, rw, new AnswerCache(kit.ds));
    list = new ListProjectsHandler(kit.ds, kit.runner, rw);
    stalled = new GetStalledProjectsHandler(kit.ds, kit.runner, rw, new AnswerCache(kit.ds));
  }, 60_000);
  afterAll(() => kit.close());

  it('keeps one row per project with stage, status, corrected fields and last event', async () => {
    const glucose = new ProjectStory();
    const robot = new ProjectStory();
    await kit.append(glucose.projectId, [glucose.proposed()], { occurredAt: '2025-01-01T00:00:00.000Z' });
    await kit.append(robot.projectId, [robot.proposed({ title: 'Single-port surgical robot', riskClass: 'II', institution: 'Ruijin Hospital', targets: [{ authority: 'HSA', pathway: 'full', deviceClass: 'C', breakthrough: false, notifiedBody: null }] })], { occurredAt: '2025-01-02T00:00:00.000Z' });
    await kit.append(glucose.projectId, [glucose.advanced('idea', 'patent', '2025-02-01T00:00:00.000Z')], { occurredAt: '2025-02-01T00:00:00.000Z' });
    await kit.append(glucose.projectId, [glucose.corrected('project', glucose.projectId, 'title', 'Non-invasive blood-glucose detector', 'Non-invasive glucose monitor')], { occurredAt: '2025-02-02T00:00:00.000Z' });
    const [kill] = await kit.append(robot.projectId, [robot.killed('idea', '2025-03-01T00:00:00.000Z')], { occurredAt: '2025-03-01T00:00:00.000Z' });
    await kit.settle();

    const rows = await kit.rows<Record<string, unknown>>('SELECT * FROM pipeline_board ORDER BY title');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ title: 'Non-invasive glucose monitor', stage: 'patent', status: 'active', authorities: ['FDA', 'NMPA'], revision: 2 });
    expect(rows[1]).toMatchObject({ title: 'Single-port surgical robot', stage: 'idea', status: 'terminated', revision: 1, last_event_id: kill.eventId });
    expect((rows[0].stage_entered_at as Date).toISOString()).toBe('2025-02-01T00:00:00.000Z');

    const view = await board.execute(new GetPipelineBoardQuery({}));
    expect(view.total).toBe(2);
    expect(view.stages.map((s) => [s.stage, s.count])).toEqual([['idea', 1], ['patent', 1], ['prototype', 0], ['clinical_validation', 0], ['regulatory_review', 0], ['approved', 0]]);
    expect(view.byStatus).toMatchObject({ active: 1, terminated: 1 });
    expect(view.stages[1].projects[0]).toMatchObject({ projectId: glucose.projectId, title: 'Non-invasive glucose monitor', leadClinician: { id: 'dr-chen' } });

    expect((await board.execute(new GetPipelineBoardQuery({ authority: 'HSA' }))).total).toBe(1);
    expect((await board.execute(new GetPipelineBoardQuery({ riskClass: 'III', status: 'active' }))).total).toBe(1);
    expect((await board.execute(new GetPipelineBoardQuery({ institution: 'Nowhere' }))).total).toBe(0);

    const page = await list.execute(new ListProjectsQuery({ q: 'ROBOT', page: 1, pageSize: 10 }));
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect(page.items[0].projectId).toBe(robot.projectId);
    expect((await list.execute(new ListProjectsQuery({ sort: 'title' }))).items.map((i) => i.title)).toEqual(['Non-invasive glucose monitor', 'Single-port surgical robot']);

    // Silent since 2025-02-01; the killed robot is not "stalled", it is over.
    const quiet = await stalled.execute(new GetStalledProjectsQuery({ days: 30 }, new Date()));
    expect(quiet.items.map((i) => i.projectId)).toContain(glucose.projectId);
    expect(quiet.items.map((i) => i.projectId)).not.toContain(robot.projectId);
  });

  it('answers asOf=T with the board as it was captured at T', async () => {
    const a = new ProjectStory();
    const b = new ProjectStory();
    await kit.append(a.projectId, [a.proposed({ title: 'Proton therapy gantry' })]);
    await kit.append(b.projectId, [b.proposed({ title: '3D-printed tumour prosthesis' }), b.advanced('idea', 'patent', '2025-04-01T00:00:00.000Z')]);
    await kit.append(a.projectId, [a.onHold('idea', '2025-04-02T00:00:00.000Z')]);
    await kit.settle();
    const captured = await board.execute(new GetPipelineBoardQuery({ limitPerStage: 1000 }));
    const t = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 10));

    // Later history: moves, corrections, new projects.
    const c = new ProjectStory();
    await kit.append(c.projectId, [c.proposed({ title: 'AI spine imaging' })]);
    await kit.append(a.projectId, [a.resumed('idea', '2025-05-01T00:00:00.000Z'), a.corrected('project', a.projectId, 'institution', 'x', 'Fudan Proton Center')]);
    await kit.append(b.projectId, [b.advanced('patent', 'prototype', '2025-05-02T00:00:00.000Z')]);
    await kit.settle();

    const asOf = await board.execute(new GetPipelineBoardQuery({ asOf: t, limitPerStage: 1000 }));
    // Ideas awaiting screening are counted today only (null as of a past instant).
    // Regulatory tracks are today's only (not versioned): null on the board as of an instant.
    const withoutLinks = (v: typeof captured) => ({
      ...v,
      asOf: null,
      position: null,
      ideasAwaitingScreening: null,
      stages: v.stages.map(({ drillDown: _, ...s }) => ({ ...s, projects: s.projects.map((p) => ({ ...p, regulatoryTracks: null })) })),
    });
    expect(asOf.stages[0].projects.every((p) => p.regulatoryTracks === null && p.template === 'fixed_model')).toBe(true);
    expect(withoutLinks(asOf)).toEqual(withoutLinks(captured));
    expect(asOf.asOf).toBe(t);
    const now = await board.execute(new GetPipelineBoardQuery({ limitPerStage: 1000 }));
    expect(now.total).toBe(captured.total + 1);
  });

  it('keeps, by the domain\'s gate rules, what the next gate lacks: ready for a decision over every project, and changed after a position', async () => {
    const filed = new ProjectStory();
    const bare = new ProjectStory();
    const held = new ProjectStory();
    const title = (t: string) => ({ title: `Readiness ${t}` });
    await kit.append(filed.projectId, [filed.proposed(title('filed')), filed.advanced('idea', 'patent', '2025-02-01T00:00:00.000Z')]);
    await kit.append(bare.projectId, [bare.proposed(title('bare')), bare.advanced('idea', 'patent', '2025-02-01T00:00:00.000Z')]);
    await kit.append(held.projectId, [held.proposed(title('held')), held.advanced('idea', 'patent', '2025-02-01T00:00:00.000Z')]);
    await kit.settle();
    const ready = async () => (await list.execute(new ListProjectsQuery({ readyForGate: true, q: 'Readiness', pageSize: 100 }))).items.map((i) => i.title).sort();
    expect(await ready()).toEqual([]);

    // The state is kept between batches: an id such as __proto__ stays an ordinary record key through it.
    await kit.append(filed.projectId, [filed.patentFiled('__proto__')]);
    await kit.append(held.projectId, [held.patentFiled('p-held')]);
    await kit.settle();
    const before = (await list.execute(new ListProjectsQuery({ q: 'Readiness' }))).position ?? 0;
    await kit.append(held.projectId, [held.onHold('patent', '2025-03-01T00:00:00.000Z')]);
    await kit.settle();
    expect(await ready()).toEqual(['Readiness filed']);
    const page = await list.execute(new ListProjectsQuery({ q: 'Readiness', sort: 'title', pageSize: 100 }));
    expect(page.items.map((i) => [i.title, i.nextGate])).toEqual([
      ['Readiness bare', { stage: 'prototype', missingEvidence: ['patent_application_filed'], ready: false }],
      ['Readiness filed', { stage: 'prototype', missingEvidence: [], ready: true }],
      ['Readiness held', null],
    ]);
    expect((await list.execute(new ListProjectsQuery({ readyForGate: false, q: 'Readiness' }))).total).toBe(2);
    expect((await list.execute(new ListProjectsQuery({ changedAfter: before, q: 'Readiness' }))).items.map((i) => i.title)).toEqual(['Readiness held']);

    await kit.append(filed.projectId, [filed.retracted('patent', '__proto__')]);
    await kit.settle();
    expect(await ready()).toEqual([]);
  });

  it('keeps one regulatory track per target authority, filtered by authority status, pathway and template', async () => {
    const both = new ProjectStory();
    const fda = new ProjectStory();
    const submission = (s: ProjectStory, submissionId: string, authority: 'NMPA' | 'FDA', pathway: 'registration' | 'pma') =>
      ({ type: 'SubmissionFiled', data: { projectId: s.projectId, submissionId, authority, pathway, reference: `${authority}-1`, filedOn: '2026-03-01' } }) as const;
    await kit.append(both.projectId, [both.proposed({ title: 'Tracks both' })]);
    await kit.append(fda.projectId, [fda.proposed({ title: 'Tracks FDA', targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null }] })]);
    await kit.settle();
    const tracks = async (title: string) =>
      (await list.execute(new ListProjectsQuery({ q: title }))).items[0].regulatoryTracks;
    expect(await tracks('Tracks both')).toEqual([
      { authority: 'NMPA', pathway: 'registration', status: 'not_started', since: null },
      { authority: 'FDA', pathway: 'pma', status: 'not_started', since: null },
    ]);

    await kit.append(both.projectId, [
      submission(both, 'sub-nmpa', 'NMPA', 'registration'),
      { type: 'SubmissionApproved', data: { projectId: both.projectId, submissionId: 'sub-nmpa', authority: 'NMPA', certificateNumber: 'C-1', approvedOn: '2026-09-01', deviceClass: 'III' } },
      submission(both, 'sub-fda', 'FDA', 'pma'),
    ]);
    await kit.append(fda.projectId, [
      { type: 'DesignationGranted', data: { projectId: fda.projectId, designationId: 'des-1', programme: 'fda_breakthrough_device', authority: 'FDA', reference: 'Q1', grantedOn: '2025-06-01' } },
    ]);
    await kit.settle();
    expect(await tracks('Tracks both')).toEqual([
      { authority: 'NMPA', pathway: 'registration', status: 'approved', since: '2026-09-01' },
      { authority: 'FDA', pathway: 'pma', status: 'in_review', since: '2026-03-01' },
    ]);
    const titles = async (filters: Partial<ListProjectsQuery['request']>) =>
      (await list.execute(new ListProjectsQuery({ q: 'Tracks', sort: 'title', ...filters }))).items.map((i) => i.title);
    expect(await titles({ authority: 'NMPA', authorityStatus: 'approved' })).toEqual(['Tracks both']);
    expect(await titles({ authority: 'FDA', authorityStatus: 'approved' })).toEqual([]);
    expect(await titles({ authority: 'FDA', authorityStatus: 'in_review' })).toEqual(['Tracks both']);
    expect(await titles({ authorityStatus: 'designated' })).toEqual(['Tracks FDA']);
    expect(await titles({ pathway: '510k' })).toEqual(['Tracks FDA']);
    expect(await titles({ template: 'fixed_model' })).toEqual(['Tracks FDA', 'Tracks both']);
    expect(await titles({ template: 'fda_pma' })).toEqual([]);
    expect((await board.execute(new GetPipelineBoardQuery({ authority: 'FDA', authorityStatus: 'in_review' }))).total).toBe(1);

    // A retraction takes the approval's submission off the record, and its track back.
    await kit.append(both.projectId, [{ type: 'RecordRetracted', data: { projectId: both.projectId, target: { kind: 'submission', id: 'sub-nmpa' }, reason: 'Other product' } }]);
    await kit.settle();
    expect((await tracks('Tracks both'))?.[0]).toMatchObject({ authority: 'NMPA', status: 'not_started' });
    expect(await titles({ authorityStatus: 'approved' })).toEqual([]);
  });
});
