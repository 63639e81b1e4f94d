import { QueryBus } from '@nestjs/cqrs';
import { availableEngines } from '@app/platform/testing';
import { DrillDownHandler } from '../drill-down/drill-down.handler';
import { DrillDownQuery } from '../drill-down/drill-down.query';
import { ReadYourWrites } from '../shared/read-your-writes';
import { ProjectStory, ReadModelKit, startReadModelKit } from '../testing/read-model-test-kit';
import { GetFunnelHandler } from './get-funnel.handler';
import { GetFunnelQuery } from './get-funnel.query';
import { GetTimeInStageHandler } from './get-time-in-stage.handler';
import { AnswerCache } from '../shared/answer-cache';
import { GetTimeInStageQuery } from './get-time-in-stage.query';

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString();

describe.each(availableEngines())('stage transitions on %s', (engine) => {
  let kit: ReadModelKit;
  let funnel: GetFunnelHandler;
  let timeInStage: GetTimeInStageHandler;
  let drillDown: DrillDownHandler;
  const approved = new ProjectStory();
  const killed = new ProjectStory();
  const recycled = new ProjectStory();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    kit = await startReadModelKit(engine);
    const rw = new ReadYourWrites(kit.runner);
    funnel = new GetFunnelHandler(kit.ds, kit.runner, rw, new AnswerCache(kit.ds));
    timeInStage = new GetTimeInStageHandler(kit.ds, kit.runner, rw, new AnswerCache(kit.ds));
    drillDown = new DrillDownHandler(kit.ds, {} as QueryBus, rw, new AnswerCache(kit.ds));

    // approved: idea 10 days, patent 20, prototype 30, clinical 40, regulatory 50 → approval at day 150.
    const a = await kit.append(approved.projectId, [
      approved.proposed({ proposedAt: day(0) }),
      approved.advanced('idea', 'patent', day(10)),
      approved.advanced('patent', 'prototype', day(30)),
      approved.advanced('prototype', 'clinical_validation', day(60)),
      approved.advanced('clinical_validation', 'regulatory_review', day(100)),
      approved.advanced('regulatory_review', 'approved', day(150)),
    ]);
    ids.approvedToPatent = a[1].eventId;
    ids.approvedToClinical = a[3].eventId;
    // killed in patent after 5 days there.
    const k = await kit.append(killed.projectId, [killed.proposed({ proposedAt: day(0) }), killed.advanced('idea', 'patent', day(20)), killed.killed('patent', day(25))]);
    ids.kill = k[2].eventId;
    // recycled from clinical validation back to prototype, still there.
    const r = await kit.append(recycled.projectId, [
      recycled.proposed({ proposedAt: day(0) }),
      recycled.advanced('idea', 'patent', day(30)),
      recycled.advanced('patent', 'prototype', day(40)),
      recycled.advanced('prototype', 'clinical_validation', day(50)),
      recycled.recycled('clinical_validation', 'prototype', day(70)),
    ]);
    ids.recycledToClinical = r[3].eventId;
    await kit.settle();
  }, 60_000);
  afterAll(() => kit.close());

  it('records one row per stay with the events that began and ended it', async () => {
    const stays = await kit.rows<Record<string, unknown>>(
      'SELECT stage, entered_by, exit_kind, exited_to, killed_event_id FROM stage_transitions WHERE project_id = $1 ORDER BY entered_position',
      [recycled.projectId],
    );
    expect(stays).toEqual([
      { stage: 'idea', entered_by: 'proposed', exit_kind: 'advanced', exited_to: 'patent', killed_event_id: null },
      { stage: 'patent', entered_by: 'go', exit_kind: 'advanced', exited_to: 'prototype', killed_event_id: null },
      { stage: 'prototype', entered_by: 'go', exit_kind: 'advanced', exited_to: 'clinical_validation', killed_event_id: null },
      { stage: 'clinical_validation', entered_by: 'go', exit_kind: 'recycled', exited_to: 'prototype', killed_event_id: null },
      { stage: 'prototype', entered_by: 'recycle', exit_kind: null, exited_to: null, killed_event_id: null },
    ]);
    const [kill] = await kit.rows('SELECT stage, killed_event_id FROM stage_transitions WHERE killed_event_id IS NOT NULL');
    expect(kill).toEqual({ stage: 'patent', killed_event_id: ids.kill });
  });

  it('counts the funnel per stage, and drills into the events behind each number', async () => {
    const view = await funnel.execute(new GetFunnelQuery({}));
    const by = Object.fromEntries(view.stages.map((s) => [s.stage, s]));
    expect(by.idea).toMatchObject({ reached: 3, currentlyIn: 0, killed: 0, advanced: 3, conversionToNext: 1 });
    expect(by.patent).toMatchObject({ reached: 3, currentlyIn: 0, killed: 1, advanced: 2, conversionToNext: 0.667, killRate: 0.333 });
    expect(by.prototype).toMatchObject({ reached: 2, currentlyIn: 1, advanced: 2 });
    expect(by.clinical_validation).toMatchObject({ reached: 2, currentlyIn: 0, advanced: 1, conversionToNext: 0.5 });
    expect(by.approved).toMatchObject({ reached: 1, currentlyIn: 1, conversionToNext: null });
    expect(view.totals).toEqual({ projects: 3, killed: 1, approved: 1 });

    const reached = await drillDown.execute(new DrillDownQuery({ metric: 'funnel.reached', stage: 'clinical_validation' }));
    expect(reached.total).toBe(2);
    expect(reached.items.flatMap((i) => i.eventIds).sort()).toEqual([ids.approvedToClinical, ids.recycledToClinical].sort());
    const killedThere = await drillDown.execute(new DrillDownQuery({ metric: 'funnel.killed', stage: 'patent' }));
    expect(killedThere.items.map((i) => [i.projectId, i.events.find((e) => e.role === 'killed')?.eventId])).toEqual([[killed.projectId, ids.kill]]);
    const advanced = await drillDown.execute(new DrillDownQuery({ metric: 'funnel.advanced', stage: 'idea' }));
    expect(advanced.total).toBe(3);
    expect(advanced.items.find((i) => i.projectId === approved.projectId)?.eventIds).toEqual([ids.approvedToPatent]);
  });

  it('computes the funnel as of a past instant from the events', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const late = new ProjectStory();
    await kit.append(late.projectId, [late.proposed({ proposedAt: day(200) }), late.advanced('idea', 'patent', day(210))]);
    await kit.settle();
    const then = await funnel.execute(new GetFunnelQuery({ asOf: before }));
    const now = await funnel.execute(new GetFunnelQuery({}));
    const counts = (v: typeof now) => v.stages.map(({ drillDown: _, ...s }) => s);
    expect(then.totals.projects).toBe(3);
    expect(now.totals.projects).toBe(4);
    // The same numbers as the read model had before the late project came in.
    expect(counts(then).map((s) => (s.stage === 'idea' || s.stage === 'patent' ? { ...s } : s))).toEqual(
      counts(now).map((s) =>
        s.stage === 'idea' ? { ...s, reached: 3, advanced: 3, conversionToNext: 1 } : s.stage === 'patent' ? { ...s, reached: 3, currentlyIn: 0, killRate: 0.333, conversionToNext: 0.667 } : s,
      ),
    );
  });

  it('gives median and p90 days of completed stays, current ages and idea → approval', async () => {
    const report = await timeInStage.execute(new GetTimeInStageQuery({}, new Date(day(100))));
    const by = Object.fromEntries(report.stages.map((s) => [s.stage, s]));
    // idea stays: 10, 20, 30 and the late project's 10 days.
    expect(by.idea).toMatchObject({ completedStays: 4, medianDays: 15, p90Days: 27, currentCount: 0 });
    expect(by.patent.completedStays).toBe(2); // 20 and 10 days; the killed stay is not completed
    expect(by.patent.medianDays).toBe(15);
    expect(by.patent.p90Days).toBe(19);
    expect(by.prototype).toMatchObject({ completedStays: 2, currentCount: 1, currentMaxAgeDays: 30 });
    expect(report.cycleTime).toMatchObject({ projects: 1, medianDays: 150, p90Days: 150 });
    const cycle = await drillDown.execute(new DrillDownQuery({ metric: 'cycleTime' }));
    expect(cycle.items).toHaveLength(1);
    expect(cycle.items[0]).toMatchObject({ projectId: approved.projectId, days: 150 });
  });

  it('counts only the projects targeting an authority or pathway, and shows where each authority stands', async () => {
    const hsa = new ProjectStory();
    await kit.append(hsa.projectId, [
      hsa.proposed({ proposedAt: day(0), targets: [{ authority: 'HSA', pathway: 'full', deviceClass: 'D', breakthrough: false, notifiedBody: null }] }),
      hsa.advanced('idea', 'patent', day(5)),
      { type: 'SubmissionFiled', data: { projectId: hsa.projectId, submissionId: 'sub-hsa', authority: 'HSA', pathway: 'full', reference: 'HSA-1', filedOn: '2025-02-01' } },
      { type: 'SubmissionDeficiencyReceived', data: { projectId: hsa.projectId, submissionId: 'sub-hsa', receivedOn: '2025-03-01', summary: 'More data' } },
    ]);
    await kit.settle();
    const only = await funnel.execute(new GetFunnelQuery({ authority: 'HSA' }));
    expect(only.totals.projects).toBe(1);
    expect(only.stages.map((s) => [s.stage, s.reached])).toEqual([['idea', 1], ['patent', 1], ['prototype', 0], ['clinical_validation', 0], ['regulatory_review', 0], ['approved', 0]]);
    expect(only.authorities?.find((a) => a.authority === 'HSA')).toEqual({
      authority: 'HSA',
      targeted: 1,
      byStatus: { not_started: 0, trial_authorised: 0, designated: 0, in_review: 0, deficiency_open: 1, rejected: 0, approved: 0 },
    });
    expect((await funnel.execute(new GetFunnelQuery({ pathway: 'full' }))).totals.projects).toBe(1);
    expect((await funnel.execute(new GetFunnelQuery({ pathway: 'full', template: 'fda_pma' }))).totals.projects).toBe(0);
    const all = await funnel.execute(new GetFunnelQuery({}));
    expect(all.totals.projects).toBeGreaterThan(1);
    expect(all.authorities?.find((a) => a.authority === 'NMPA')?.byStatus.not_started).toBeGreaterThan(0);
    expect((await funnel.execute(new GetFunnelQuery({ asOf: new Date().toISOString(), authority: 'HSA' }))).authorities).toBeNull();
  });
});
