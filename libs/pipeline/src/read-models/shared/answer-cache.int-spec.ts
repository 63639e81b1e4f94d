import fc from 'fast-check';
import { QueryBus } from '@nestjs/cqrs';
import { availableEngines } from '@app/platform/testing';
import { STAGES } from '../../domain';
import type { ProjectEvent, Stage } from '../../domain';
import { DrillDownHandler } from '../drill-down/drill-down.handler';
import { DrillDownQuery } from '../drill-down/drill-down.query';
import type { DrillDownRequest } from '../drill-down/drill-down.request.dto';
import { GetPipelineBoardHandler } from '../pipeline-board/get-pipeline-board.handler';
import { GetPipelineBoardQuery } from '../pipeline-board/get-pipeline-board.query';
import { GetStalledProjectsHandler } from '../pipeline-board/get-stalled-projects.handler';
import { GetStalledProjectsQuery } from '../pipeline-board/get-stalled-projects.query';
import { GetFunnelHandler } from '../stage-transitions/get-funnel.handler';
import { GetFunnelQuery } from '../stage-transitions/get-funnel.query';
import { GetTimeInStageHandler } from '../stage-transitions/get-time-in-stage.handler';
import { GetTimeInStageQuery } from '../stage-transitions/get-time-in-stage.query';
import { ProjectStory, ReadModelKit, startReadModelKit } from '../testing/read-model-test-kit';
import { AnswerCache } from './answer-cache';
import { AnswerBytes } from './answer-bytes';
import { ReadYourWrites } from './read-your-writes';

// A kept dashboard answer must never differ from the answer computed afresh: after random sequences of events
// (proposals, gate decisions of every kind, late entries, corrections, milestones) and a rebuild, every cached answer
// (asked twice: computed, then kept) equals the one an uncached handler computes from the same tables. Stalled projects
// (counted from an hour-free list kept per checkpoint) equal the plain SQL count and page at several instants, and the
// board's kept bytes (AnswerBytes, what the route sends) equal the JSON of the fresh answer. Stalled
// projects' pages are kept per checkpoint too and cut at the count: pages cut short and past the end are asked.

const NOW = new Date('2026-01-01T00:00:00.000Z');
const ACTIONS = ['propose', 'advance', 'kill', 'hold', 'resume', 'recycle', 'milestone', 'retitle'] as const;
type Action = (typeof ACTIONS)[number];

interface Tracked {
  story: ProjectStory;
  stage: number;
  status: 'active' | 'on_hold' | 'terminated' | 'approved';
  title: string;
}

const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString();

function eventFor(action: Action, p: Tracked, at: string, pick: number): ProjectEvent | null {
  const stage = STAGES[p.stage] as Stage;
  switch (action) {
    case 'advance':
      if (p.status !== 'active' || p.stage >= STAGES.length - 1) return null;
      p.stage += 1;
      if (p.stage === STAGES.length - 1) p.status = 'approved';
      return p.story.advanced(stage, STAGES[p.stage] as Stage, at);
    case 'kill':
      if (p.status === 'terminated' || p.status === 'approved') return null;
      p.status = 'terminated';
      return p.story.killed(stage, at);
    case 'hold':
      if (p.status !== 'active') return null;
      p.status = 'on_hold';
      return p.story.onHold(stage, at);
    case 'resume':
      if (p.status !== 'on_hold') return null;
      p.status = 'active';
      return p.story.resumed(stage, at);
    case 'recycle': {
      if (p.status !== 'active' || p.stage === 0) return null;
      p.stage = pick % p.stage;
      return p.story.recycled(stage, STAGES[p.stage] as Stage, at);
    }
    case 'milestone':
      return p.story.milestone(`Milestone ${pick}`);
    case 'retitle': {
      const title = `Device ${pick}`;
      const event = p.story.corrected('project', p.story.projectId, 'title', p.title, title);
      p.title = title;
      return event;
    }
    default:
      return null;
  }
}

describe.each(availableEngines())('dashboard answers kept per checkpoint on %s', (engine) => {
  let kit: ReadModelKit;
  let cached: {
    board: GetPipelineBoardHandler;
    funnel: GetFunnelHandler;
    time: GetTimeInStageHandler;
    drill: DrillDownHandler;
    stalled: GetStalledProjectsHandler;
  };
  let direct: typeof cached;

  beforeAll(async () => {
    kit = await startReadModelKit(engine);
    const rw = new ReadYourWrites(kit.runner);
    const handlers = (answers: AnswerCache) => ({
      board: new GetPipelineBoardHandler(kit.ds, kit.runner, rw, answers),
      funnel: new GetFunnelHandler(kit.ds, kit.runner, rw, answers),
      time: new GetTimeInStageHandler(kit.ds, kit.runner, rw, answers),
      drill: new DrillDownHandler(kit.ds, {} as QueryBus, rw, answers),
      stalled: new GetStalledProjectsHandler(kit.ds, kit.runner, rw, answers),
    });
    // As the app makes it: on the server the checkpoints are read by a named statement on the pool.
    cached = handlers(new AnswerCache(kit.ds, kit.t.db));
    direct = handlers(AnswerCache.none(kit.ds));
  }, 60_000);
  afterAll(() => kit.close());

  it('gives the answer a fresh computation gives, after random events and after a rebuild', async () => {
    const projects: Tracked[] = [];
    let clock = 0;
    let pastInstant: string | null = null;
    const bodies = new AnswerBytes();
    const askAll = async (h: typeof cached) => {
      const drill = (request: Partial<DrillDownRequest>) => h.drill.execute(new DrillDownQuery(request as DrillDownRequest, NOW));
      const asOf = pastInstant ?? new Date(0).toISOString();
      // Stalled as of the story's latest day and some days around it: the cut moves through the kept list.
      const stalled = (request: object, daysAhead = 0) =>
        h.stalled.execute(new GetStalledProjectsQuery(request, new Date(Date.parse(day(clock)) + daysAhead * 86_400_000)));
      return {
        board: await h.board.execute(new GetPipelineBoardQuery({ limitPerStage: 5 })),
        boardFiltered: await h.board.execute(new GetPipelineBoardQuery({ stage: 'patent', status: 'active' })),
        boardAsOf: await h.board.execute(new GetPipelineBoardQuery({ asOf })),
        funnel: await h.funnel.execute(new GetFunnelQuery({})),
        funnelAsOf: await h.funnel.execute(new GetFunnelQuery({ asOf })),
        time: await h.time.execute(new GetTimeInStageQuery({}, NOW)),
        stalled: [
          await stalled({ days: 1 }),
          await stalled({ days: 30 }),
          await stalled({ days: 90, pageSize: 2, page: 2 }),
          await stalled({ days: 1, pageSize: 2, page: 2 }),
          await stalled({ days: 1, pageSize: 2, page: 2 }, 40),
          await stalled({ days: 1, pageSize: 3, page: 50 }),
          await stalled({ days: 1 }, 0.5),
          await stalled({ days: 200 }, 150),
          await stalled({ days: 1, stage: 'idea' }),
          await stalled({ days: 1, status: 'on_hold' }, 3),
          await stalled({ days: 3650 }),
        ],
        drills: await Promise.all([
          drill({ metric: 'board', stage: 'idea' }),
          drill({ metric: 'funnel.killed', stage: 'patent' }),
          drill({ metric: 'funnel.reached', stage: 'prototype', pageSize: 3, page: 2 }),
          drill({ metric: 'funnel.advanced', stage: 'idea' }),
          drill({ metric: 'funnel.currentlyIn', stage: 'idea' }),
          drill({ metric: 'timeInStage.completed', stage: 'idea' }),
          drill({ metric: 'cycleTime' }),
        ]),
      };
    };
    const compare = async () => {
      await kit.settle();
      const fresh = await askAll(direct);
      // The first ask may compute (or reuse an answer from before the last events: it must not); the second reuses.
      for (let ask = 0; ask < 2; ask++) {
        const answers = await askAll(cached);
        expect(answers).toEqual(fresh);
        for (const board of ['board', 'boardFiltered', 'boardAsOf'] as const) {
          expect(bodies.bytesOf(answers[board]).toString('utf8')).toBe(JSON.stringify(fresh[board]));
        }
      }
    };

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ action: fc.constantFrom(...ACTIONS), pick: fc.nat(1_000), late: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        async (steps) => {
          for (const { action, pick, late } of steps) {
            clock += 1 + (pick % 40);
            // A late entry happened in the world before what came earlier in the record.
            const at = day(late ? clock - 200 : clock);
            if (action === 'propose' || projects.length === 0) {
              const story = new ProjectStory();
              projects.push({ story, stage: 0, status: 'active', title: 'Non-invasive blood-glucose detector' });
              await kit.append(story.projectId, [story.proposed({ proposedAt: at })]);
              continue;
            }
            const p = projects[pick % projects.length];
            const event = eventFor(action, p, at, pick);
            if (event) await kit.append(p.story.projectId, [event], { occurredAt: at });
          }
          await compare();
          pastInstant ??= new Date().toISOString();
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 12), endOnFailure: true },
    );
    expect(projects.length).toBeGreaterThan(0);
    // A rebuild switches in new tables (checkpoint rows rewritten): kept answers must not outlive them.
    await kit.runner.rebuildAndWait('all');
    await compare();
  }, 600_000);
});
