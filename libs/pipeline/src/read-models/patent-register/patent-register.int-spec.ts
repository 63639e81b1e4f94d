import { availableEngines } from '@app/platform/testing';
import { GetTrialsHandler } from '../trial-tracker/get-trials.handler';
import { GetTrialsQuery } from '../trial-tracker/get-trials.query';
import { ReadYourWrites } from '../shared/read-your-writes';
import { ProjectStory, ReadModelKit, startReadModelKit } from '../testing/read-model-test-kit';
import { GetPatentsHandler } from './get-patents.handler';
import { GetPatentsQuery } from './get-patents.query';

describe.each(availableEngines())('patent register and trial tracker on %s', (engine) => {
  let kit: ReadModelKit;
  let patents: GetPatentsHandler;
  let trials: GetTrialsHandler;
  const p = new ProjectStory();

  beforeAll(async () => {
    kit = await startReadModelKit(engine);
    const rw = new ReadYourWrites(kit.runner);
    patents = new GetPatentsHandler(kit.ds, kit.runner, rw);
    trials = new GetTrialsHandler(kit.ds, kit.runner, rw);
    await kit.append(p.projectId, [p.proposed()]);
  }, 60_000);
  afterAll(() => kit.close());

  it('registers patents with their lifecycle; a corrected filing date shows the new value, a retracted patent disappears', async () => {
    const [filed] = await kit.append(p.projectId, [p.patentFiled('pat-1', '2025-02-01')]);
    await kit.append(p.projectId, [p.patentFiled('pat-2', '2025-03-01'), p.patentGranted('pat-1', '2026-01-10')]);
    const [fix] = await kit.append(p.projectId, [p.corrected('patent', 'pat-1', 'filedOn', '2025-02-01', '2025-01-28')]);
    await kit.append(p.projectId, [p.retracted('patent', 'pat-2')]);
    await kit.settle();

    const register = await patents.execute(new GetPatentsQuery({}));
    expect(register.total).toBe(1);
    expect(register.items[0]).toMatchObject({
      patentId: 'pat-1',
      projectId: p.projectId,
      projectTitle: 'Non-invasive blood-glucose detector',
      status: 'granted',
      filedOn: '2025-01-28',
      patentNumber: 'ZLpat-1',
      filedEventId: filed.eventId,
      lastEventId: fix.eventId,
    });
    expect(register.byStatus).toEqual({ filed: 0, published: 0, granted: 1, abandoned: 0 });
    expect((await patents.execute(new GetPatentsQuery({ open: true }))).total).toBe(0);
    const [row] = await kit.rows('SELECT retracted FROM patent_register WHERE patent_id = $1', ['pat-2']);
    expect(row).toEqual({ retracted: true });
  });

  it('tracks enrolment against target and the endpoint; corrections apply, retracted trials disappear', async () => {
    await kit.append(p.projectId, [p.trialRegistered('tr-1', 120), p.firstPatientIn('tr-1'), p.enrolment('tr-1', 60, 120)]);
    await kit.append(p.projectId, [p.trialRegistered('tr-2', 40), p.retracted('trial', 'tr-2')]);
    await kit.append(p.projectId, [p.corrected('trial', 'tr-1', 'targetEnrolment', 120, 100)]);
    await kit.settle();
    let view = await trials.execute(new GetTrialsQuery({}));
    expect(view.total).toBe(1);
    expect(view.items[0]).toMatchObject({
      trialId: 'tr-1',
      status: 'recruiting',
      enrolled: 60,
      targetEnrolment: 100,
      enrolmentRatio: 0.6,
      remaining: 40,
      overTarget: false,
      endpointOutcome: 'pending',
    });

    await kit.append(p.projectId, [p.enrolment('tr-1', 104), p.trialCompleted('tr-1', true)]);
    await kit.settle();
    view = await trials.execute(new GetTrialsQuery({ projectId: p.projectId }));
    expect(view.items[0]).toMatchObject({ status: 'completed', enrolled: 104, overTarget: true, remaining: 0, primaryEndpointMet: true, endpointOutcome: 'met' });
    expect(view.byStatus).toEqual({ registered: 0, recruiting: 0, completed: 1 });
    expect((await trials.execute(new GetTrialsQuery({ open: true }))).total).toBe(0);
  });
});
