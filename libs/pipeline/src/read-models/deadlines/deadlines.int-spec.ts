import { availableEngines } from '@app/platform/testing';
import { ReadYourWrites } from '../shared/read-your-writes';
import { ProjectStory, ReadModelKit, startReadModelKit } from '../testing/read-model-test-kit';
import { GetDeadlinesHandler, GetProjectDeadlinesHandler } from './get-deadlines.handler';
import { GetDeadlinesQuery, GetProjectDeadlinesQuery } from './get-deadlines.query';

describe.each(availableEngines())('deadlines read model on %s', (engine) => {
  let kit: ReadModelKit;
  let upcoming: GetDeadlinesHandler;
  let ofProject: GetProjectDeadlinesHandler;
  const p = new ProjectStory();
  const rows = (projectId: string) =>
    kit.rows<Record<string, unknown>>(
      'SELECT deadline_id, kind, due_on, closed_on, source_events, closed_by, owner_id FROM deadlines WHERE project_id = $1 ORDER BY deadline_id',
      [projectId],
    );

  beforeAll(async () => {
    kit = await startReadModelKit(engine);
    const rw = new ReadYourWrites(kit.runner);
    upcoming = new GetDeadlinesHandler(kit.ds, kit.runner, rw);
    ofProject = new GetProjectDeadlinesHandler(kit.ds, kit.runner, rw);
  }, 60_000);
  afterAll(() => kit.close());

  it('derives a row per deadline naming its events; a later batch closes one, a correction moves one', async () => {
    const [proposed, filed] = await kit.append(p.projectId, [p.proposed(), p.patentFiled('pat-1', '2025-02-01')]);
    const [registered] = await kit.append(p.projectId, [p.trialRegistered('tr-1')]);
    const [firstIn] = await kit.append(p.projectId, [p.firstPatientIn('tr-1')]);
    await kit.settle();
    expect(proposed.eventId).toBeTruthy();
    expect(await rows(p.projectId)).toEqual([
      // 1 February 2026 is a Sunday: the next working day.
      { deadline_id: 'priority_year:pat-1', kind: 'priority_year', due_on: '2026-02-02', closed_on: null, source_events: [filed.eventId], closed_by: [], owner_id: 'dr-chen' },
      // ChiCTR: registered 2025-06-01, before the first participant on 2025-07-01.
      {
        deadline_id: 'trial_registration:tr-1',
        kind: 'trial_registration',
        due_on: '2025-06-30',
        closed_on: '2025-06-01',
        source_events: [firstIn.eventId, registered.eventId],
        closed_by: [registered.eventId],
        owner_id: 'dr-chen',
      },
    ]);

    const [fix] = await kit.append(p.projectId, [p.corrected('patent', 'pat-1', 'filedOn', '2025-02-01', '2025-03-03')]);
    await kit.settle();
    expect((await rows(p.projectId))[0]).toMatchObject({ due_on: '2026-03-03', source_events: [filed.eventId, fix.eventId] });
  });

  it('answers the upcoming and overdue view with filters, and a project’s next deadlines', async () => {
    const view = await upcoming.execute(new GetDeadlinesQuery({ today: '2026-01-01', horizonDays: 90 }));
    expect(view.items.map((d) => [d.deadlineId, d.status, d.daysLeft])).toEqual([['priority_year:pat-1', 'open', 61]]);
    expect(view).toMatchObject({ total: 1, overdue: 0 });
    expect((await upcoming.execute(new GetDeadlinesQuery({ today: '2026-01-01', horizonDays: 30 }))).total).toBe(0);
    const late = await upcoming.execute(new GetDeadlinesQuery({ today: '2026-04-01', horizonDays: 0 }));
    expect(late.items[0]).toMatchObject({ status: 'missed', daysLeft: -29 });
    expect(late).toMatchObject({ total: 1, overdue: 1 });
    // Due today: listed, not yet overdue.
    expect(await upcoming.execute(new GetDeadlinesQuery({ today: '2026-03-03', horizonDays: 0 }))).toMatchObject({ total: 1, overdue: 0 });
    expect((await upcoming.execute(new GetDeadlinesQuery({ today: '2026-01-01', owner: ' DR-CHEN ' }))).total).toBe(1);
    expect((await upcoming.execute(new GetDeadlinesQuery({ today: '2026-01-01', owner: 'dr-wong' }))).total).toBe(0);
    expect((await upcoming.execute(new GetDeadlinesQuery({ today: '2026-01-01', mine: true }, 'dr-chen'))).total).toBe(1);
    expect((await upcoming.execute(new GetDeadlinesQuery({ today: '2026-01-01', mine: true }, 'u-li'))).total).toBe(0);
    expect((await upcoming.execute(new GetDeadlinesQuery({ today: '2026-01-01', kind: 'trial_registration' }))).total).toBe(0);

    const project = await ofProject.execute(new GetProjectDeadlinesQuery(p.projectId, { today: '2026-01-01' }));
    expect(project.next.map((d) => d.deadlineId)).toEqual(['priority_year:pat-1']);
    expect(project.items.map((d) => [d.deadlineId, d.status])).toEqual([
      ['trial_registration:tr-1', 'met'],
      ['priority_year:pat-1', 'open'],
    ]);
  });

  it('keeps a record id such as __proto__ across batches, and rebuilds to the same rows', async () => {
    const q = new ProjectStory();
    await kit.append(q.projectId, [q.proposed()]);
    await kit.settle();
    await kit.append(q.projectId, [q.patentFiled('__proto__', '2025-05-05')]);
    await kit.append(q.projectId, [q.patentFiled('constructor', '2025-05-06')]);
    await kit.settle();
    expect((await rows(q.projectId)).map((r) => r.deadline_id)).toEqual(['priority_year:__proto__']);
    const before = [...(await rows(p.projectId)), ...(await rows(q.projectId))];
    await kit.runner.rebuildAndWait('deadlines');
    expect([...(await rows(p.projectId)), ...(await rows(q.projectId))]).toEqual(before);
  });
});
