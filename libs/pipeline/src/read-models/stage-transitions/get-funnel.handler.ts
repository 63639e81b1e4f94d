import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { STAGES } from '../../domain';
import { ideaCounts } from '../idea-register/get-ideas.handler';
import { ideaRegisterProjection } from '../idea-register/idea-register.projection';
import { AnswerCache, requestKey } from '../shared/answer-cache';
import { ReadYourWrites } from '../shared/read-your-writes';
import { num } from '../shared/sql-values';
import { GetFunnelQuery } from './get-funnel.query';
import { stageTransitionsProjection } from './stage-transitions.projection';
import { FunnelView } from './stage-transitions.view';
import { rankedStays, transitionsSource } from './transitions-source';

interface FunnelRow {
  stage: string;
  reached: unknown;
  currently_in: unknown;
  killed: unknown;
  advanced: unknown;
}

@QueryHandler(GetFunnelQuery)
export class GetFunnelHandler implements IQueryHandler<GetFunnelQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
    private readonly answers: AnswerCache,
  ) {}

  async execute({ request }: GetFunnelQuery): Promise<FunnelView> {
    const name = stageTransitionsProjection.name;
    if (!request.asOf) await this.readYourWrites.ensure(request.position, [name]);
    return this.answers.answer([name, ideaRegisterProjection.name], requestKey('funnel', request), () => this.compute(request));
  }

  private async compute(request: GetFunnelQuery['request']): Promise<FunnelView> {
    const name = stageTransitionsProjection.name;
    const source = transitionsSource(request.asOf);
    const rows: FunnelRow[] = await this.ds.query(
      `WITH ${rankedStays(source.sql)}
       SELECT r.stage,
              count(DISTINCT r.project_id) AS reached,
              count(*) FILTER (WHERE r.exited_event_id IS NULL AND r.killed_event_id IS NULL) AS currently_in,
              count(DISTINCT r.project_id) FILTER (WHERE r.killed_event_id IS NOT NULL) AS killed,
              count(DISTINCT r.project_id) FILTER (WHERE f.top > r.idx) AS advanced
         FROM ranked r JOIN furthest f USING (project_id)
        GROUP BY r.stage`,
      source.params,
    );
    const asOfParam = request.asOf ? `&asOf=${encodeURIComponent(request.asOf)}` : '';
    const link = (metric: string, stage: string) => `/pipeline/drill-down?metric=funnel.${metric}&stage=${stage}${asOfParam}`;
    const stages = STAGES.map((stage, i) => {
      const row = rows.find((r) => r.stage === stage);
      const reached = num(row?.reached ?? 0);
      const killed = num(row?.killed ?? 0);
      const advanced = num(row?.advanced ?? 0);
      const last = i === STAGES.length - 1;
      return {
        stage,
        reached,
        currentlyIn: num(row?.currently_in ?? 0),
        killed,
        advanced,
        conversionToNext: last || reached === 0 ? null : round(advanced / reached),
        killRate: reached === 0 ? null : round(killed / reached),
        drillDown: {
          reached: link('reached', stage),
          currentlyIn: link('currentlyIn', stage),
          killed: link('killed', stage),
          advanced: link('advanced', stage),
        },
      };
    });
    return {
      asOf: request.asOf ?? null,
      position: request.asOf ? null : ((await this.runner.checkpointOf(name))?.globalPosition ?? 0),
      totals: {
        projects: stages[0].reached,
        killed: stages.reduce((sum, s) => sum + s.killed, 0),
        approved: stages[stages.length - 1].reached,
      },
      stages,
      ideas: request.asOf ? null : ideaFunnel(await ideaCounts(this.ds)),
    };
  }
}

// The step before the funnel: submitted ideas, and how many became projects.
function ideaFunnel(counts: { submitted: number; declined: number; accepted: number }) {
  const submitted = counts.submitted + counts.declined + counts.accepted;
  return {
    submitted,
    awaitingScreening: counts.submitted,
    declined: counts.declined,
    accepted: counts.accepted,
    conversionToProject: submitted === 0 ? null : round(counts.accepted / submitted),
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
