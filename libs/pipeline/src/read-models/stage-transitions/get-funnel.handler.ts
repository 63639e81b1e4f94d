import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { AUTHORITIES, STAGES, TRACK_STATUSES } from '../../domain';
import { pipelineBoardProjection } from '../pipeline-board/pipeline-board.projection';
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
    const board = pipelineBoardProjection.name;
    if (!request.asOf) await this.readYourWrites.ensure(request.position, [name, board]);
    return this.answers.answer([name, ideaRegisterProjection.name, board], requestKey('funnel', request), () => this.compute(request));
  }

  private async compute(request: GetFunnelQuery['request']): Promise<FunnelView> {
    const name = stageTransitionsProjection.name;
    const source = transitionsSource(request.asOf);
    const projects = boardProjects(request, source.params.length);
    const sql = projects ? `SELECT * FROM (${source.sql}) s WHERE s.project_id IN (${projects.sql})` : source.sql;
    const rows: FunnelRow[] = await this.ds.query(
      `WITH ${rankedStays(sql)}
       SELECT r.stage,
              count(DISTINCT r.project_id) AS reached,
              count(*) FILTER (WHERE r.exited_event_id IS NULL AND r.killed_event_id IS NULL) AS currently_in,
              count(DISTINCT r.project_id) FILTER (WHERE r.killed_event_id IS NOT NULL) AS killed,
              count(DISTINCT r.project_id) FILTER (WHERE f.top > r.idx) AS advanced
         FROM ranked r JOIN furthest f USING (project_id)
        GROUP BY r.stage`,
      [...source.params, ...(projects?.params ?? [])],
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
      authorities: request.asOf ? null : await this.authorityCounts(request),
    };
  }

  // Each target authority's projects by track status, from the board (its tracks are today's).
  private async authorityCounts(request: GetFunnelQuery['request']) {
    const projects = boardProjects(request, 0);
    const rows: { authority: string; status: string; n: unknown }[] = await this.ds.query(
      `SELECT t ->> 'authority' AS authority, t ->> 'status' AS status, count(*) AS n
         FROM pipeline_board b CROSS JOIN LATERAL jsonb_array_elements(COALESCE(b.regulatory_tracks, '[]'::jsonb)) t
        ${projects ? `WHERE b.project_id IN (${projects.sql})` : ''}
        GROUP BY 1, 2`,
      projects?.params ?? [],
    );
    return AUTHORITIES.map((authority) => {
      const here = rows.filter((r) => r.authority === authority);
      const byStatus = Object.fromEntries(TRACK_STATUSES.map((s) => [s, num(here.find((r) => r.status === s)?.n ?? 0)]));
      return { authority, targeted: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus };
    });
  }
}

/** The board's projects matching the funnel's filters, as a subquery whose parameters follow `offset` others; null: all. */
function boardProjects(request: GetFunnelQuery['request'], offset: number): { sql: string; params: unknown[] } | null {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${offset + params.push(value)}`;
  if (request.authority) where.push(`${param(request.authority)} = ANY(p.authorities)`);
  if (request.pathway) where.push(`${param(request.pathway)} = ANY(p.pathways)`);
  if (request.template) where.push(`p.template_id = ${param(request.template)}`);
  return where.length === 0 ? null : { sql: `SELECT p.project_id FROM pipeline_board p WHERE ${where.join(' AND ')}`, params };
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
