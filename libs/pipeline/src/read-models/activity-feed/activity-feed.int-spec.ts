import { availableEngines } from '@app/platform/testing';
import { ReadYourWrites } from '../shared/read-your-writes';
import { CLINICIAN, ProjectStory, ReadModelKit, startReadModelKit } from '../testing/read-model-test-kit';
import { GetActivityHandler } from './get-activity.handler';
import { GetActivityQuery } from './get-activity.query';

describe.each(availableEngines())('activity feed on %s', (engine) => {
  let kit: ReadModelKit;
  let activity: GetActivityHandler;

  beforeAll(async () => {
    kit = await startReadModelKit(engine);
    activity = new GetActivityHandler(kit.ds, kit.runner, new ReadYourWrites(kit.runner));
  }, 60_000);
  afterAll(() => kit.close());

  it('lists who did what when, most recent first, paged by a cursor', async () => {
    const p = new ProjectStory();
    await kit.append(p.projectId, [p.proposed()]);
    await kit.append(p.projectId, [p.milestone('Bench prototype assembled')], { actor: CLINICIAN, occurredAt: '2025-03-01T08:00:00.000Z' });
    const [advance] = await kit.append(p.projectId, [p.advanced('idea', 'patent', '2025-04-01T00:00:00.000Z')]);
    await kit.settle();

    const first = await activity.execute(new GetActivityQuery({ limit: 2 }));
    expect(first.items.map((i) => i.type)).toEqual(['StageAdvanced', 'MilestoneLogged']);
    expect(first.items[0]).toMatchObject({ eventId: advance.eventId, projectTitle: 'Non-invasive blood-glucose detector', actor: { id: 'office-li', role: 'innovation_office' }, summary: 'Advanced idea → patent' });
    expect(first.items[1]).toMatchObject({ actor: { id: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician' }, occurredAt: '2025-03-01T08:00:00.000Z', summary: 'Milestone: Bench prototype assembled' });
    expect(first.nextBefore).toBe(first.items[1].globalPosition);
    const second = await activity.execute(new GetActivityQuery({ limit: 2, before: first.nextBefore as number }));
    expect(second.items.map((i) => i.type)).toEqual(['ProjectProposed']);
    expect(second.nextBefore).toBeNull();
    expect((await activity.execute(new GetActivityQuery({ actorId: 'dr-chen' }))).items).toHaveLength(1);
  });
});
