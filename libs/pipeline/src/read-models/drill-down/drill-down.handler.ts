import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { problem, ProblemError } from '@app/platform';
import { QueryBus } from '@nestjs/cqrs';
import { GetStalledProjectsQuery } from '../pipeline-board/get-stalled-projects.query';
import { applyBoardFilters, boardSource, selectBoardColumns, toProjectCard } from '../pipeline-board/board-source';
import { pipelineBoardProjection } from '../pipeline-board/pipeline-board.projection';
import { activityFeedProjection } from '../activity-feed/activity-feed.projection';
import { AnswerCache, requestKey } from '../shared/answer-cache';
import { ReadYourWrites } from '../shared/read-your-writes';
import { days, iso, num } from '../shared/sql-values';
import { stageTransitionsProjection } from '../stage-transitions/stage-transitions.projection';
import { rankedStays, transitionsSource } from '../stage-transitions/transitions-source';
import { DrillDownQuery } from './drill-down.query';
import type { DrillDownRequest } from './drill-down.request.dto';
import { DrillDownItemView, DrillDownView } from './drill-down.view';

type Row = Record<string, unknown>;

// Per stay-based metric: which stays, and which of their events stand behind the number.
const STAY_METRICS: Record<string, { where: string; distinct: boolean; events: [string, string, string][]; days?: string }> = {
  'funnel.reached': { where: 'r.stage = $STAGE', distinct: true, events: [['entered', 'entered_event_id', 'entered_at']] },
  'funnel.currentlyIn': {
    where: 'r.stage = $STAGE AND r.exited_event_id IS NULL AND r.killed_event_id IS NULL',
    distinct: false,
    events: [['entered', 'entered_event_id', 'entered_at']],
    days: 'extract(epoch FROM CAST($NOW AS timestamptz) - r.entered_at) / 86400',
  },
  'funnel.killed': {
    where: 'r.stage = $STAGE AND r.killed_event_id IS NOT NULL',
    distinct: true,
    events: [['entered', 'entered_event_id', 'entered_at'], ['killed', 'killed_event_id', 'killed_at']],
  },
  'funnel.advanced': {
    where: "r.stage = $STAGE AND f.top > r.idx AND r.exit_kind = 'advanced'",
    distinct: true,
    events: [['exited', 'exited_event_id', 'exited_at']],
  },
  'timeInStage.completed': {
    where: 'r.stage = $STAGE AND r.exited_at IS NOT NULL',
    distinct: false,
    events: [['entered', 'entered_event_id', 'entered_at'], ['exited', 'exited_event_id', 'exited_at']],
    days: 'extract(epoch FROM r.exited_at - r.entered_at) / 86400',
  },
  'timeInStage.current': {
    where: "r.stage = $STAGE AND r.stage <> 'approved' AND r.exited_event_id IS NULL AND r.killed_event_id IS NULL",
    distinct: false,
    events: [['entered', 'entered_event_id', 'entered_at']],
    days: 'extract(epoch FROM CAST($NOW AS timestamptz) - r.entered_at) / 86400',
  },
};

// Metrics whose items carry an age measured from now.
const AGED_FROM_NOW = new Set(['funnel.currentlyIn', 'timeInStage.current']);

/** The projects and event ids behind any number on the board, funnel or time-in-stage report. */
@QueryHandler(DrillDownQuery)
export class DrillDownHandler implements IQueryHandler<DrillDownQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
    private readonly answers: AnswerCache,
  ) {}

  async execute({ request, now }: DrillDownQuery): Promise<DrillDownView> {
    const board = request.metric === 'board' || request.metric === 'stalled';
    const sources = board ? [pipelineBoardProjection.name] : [stageTransitionsProjection.name];
    await this.readYourWrites.ensure(request.asOf ? undefined : request.position, sources);
    // Stalled projects depend on the hour (its own handler); other answers are kept per checkpoint of what they read,
    // those measuring ages from now only for the same instant.
    if (request.metric === 'stalled') return this.compute(request, now);
    if (board && request.asOf) sources.push(activityFeedProjection.name);
    if (!board) sources.push(pipelineBoardProjection.name);
    const key = requestKey('drillDown', request, AGED_FROM_NOW.has(request.metric) ? { now: now.toISOString() } : {});
    return this.answers.answer(sources, key, () => this.compute(request, now));
  }

  private async compute(request: DrillDownRequest, now: Date): Promise<DrillDownView> {
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const { metric } = request;
    const base = { metric, stage: request.stage ?? null, asOf: request.asOf ?? null, page, pageSize };
    if (metric === 'board' || metric === 'stalled') {
      if (metric === 'stalled') {
        const stalled = await this.queries.execute(new GetStalledProjectsQuery(request, now));
        return {
          ...base,
          total: stalled.total,
          items: stalled.items.map((c) => item(c.projectId, c.title, c.stage, c.status, [['last', c.lastEventId, c.lastEventAt]], c.daysSinceLastEvent)),
        };
      }
      const filtered = () => applyBoardFilters(boardSource(this.ds, request.asOf), request);
      const [rows, total] = await Promise.all([
        selectBoardColumns(filtered())
          .orderBy('b.last_event_at', 'DESC')
          .addOrderBy('b.project_id', 'ASC')
          .offset((page - 1) * pageSize)
          .limit(pageSize)
          .getRawMany<Row>(),
        filtered().getCount(),
      ]);
      return {
        ...base,
        total,
        items: rows.map(toProjectCard).map((c) => item(c.projectId, c.title, c.stage, c.status, [['last', c.lastEventId, c.lastEventAt]], null)),
      };
    }

    if (metric === 'cycleTime') return { ...base, ...(await this.cycleTime(page, pageSize)) };
    if (!request.stage) {
      throw new ProblemError(
        problem(400, 'validation_failed', 'Invalid request', {
          detail: `stage: required for ${metric}`,
          errors: [{ field: 'stage', messages: [`stage is required for ${metric}`] }],
        }),
      );
    }
    const spec = STAY_METRICS[metric];
    const source = transitionsSource(metric.startsWith('funnel.') ? request.asOf : undefined);
    const params = [...source.params, request.stage, now.toISOString(), pageSize, (page - 1) * pageSize];
    const n = source.params.length;
    const sub = (sql: string) => sql.replace(/\$STAGE/g, `$${n + 1}`).replace(/\$NOW/g, `$${n + 2}`);
    const columns = spec.events.flatMap(([role, id, at]) => [`r.${id} AS ${role}_id`, `r.${at} AS ${role}_at`]).join(', ');
    // Only the projects with a stay in the stage (by index); their other stays still tell how far each went.
    const inStage = `SELECT * FROM (${source.sql}) a
      WHERE a.project_id IN (SELECT z.project_id FROM (${source.sql}) z WHERE z.stage = ${sub('$STAGE')})`;
    const picked = `WITH ${rankedStays(inStage)},
       picked AS (
         SELECT ${spec.distinct ? 'DISTINCT ON (r.project_id)' : ''} r.project_id, r.stage, r.entered_position, ${columns},
                ${sub(spec.days ?? 'NULL')} AS days, CAST(${sub('$NOW')} AS timestamptz) AS measured_at
           FROM ranked r JOIN furthest f USING (project_id)
          WHERE ${sub(spec.where)}
          ORDER BY r.project_id, r.entered_position
       )`;
    const [rows, [count]] = await Promise.all([
      this.ds.query(
        `${picked}
         SELECT p.*, b.title, b.status
           FROM picked p LEFT JOIN pipeline_board b ON b.project_id = p.project_id
          ORDER BY p.entered_position DESC, p.project_id
          LIMIT $${n + 3} OFFSET $${n + 4}`,
        params,
      ) as Promise<Row[]>,
      this.ds.query(`${picked} SELECT count(*) AS total FROM picked`, params.slice(0, n + 2)) as Promise<Row[]>,
    ]);
    return {
      ...base,
      total: num(count?.total ?? 0),
      items: rows.map((r) =>
        item(
          String(r.project_id),
          (r.title as string | null) ?? null,
          String(r.stage),
          (r.status as string | null) ?? null,
          spec.events.map(([role]) => [role, r[`${role}_id`] as string, iso(r[`${role}_at`], true)]),
          days(r.days),
        ),
      ),
    };
  }

  private async cycleTime(page: number, pageSize: number): Promise<{ total: number; items: DrillDownItemView[] }> {
    const rows: Row[] = await this.ds.query(
      `WITH c AS (
         SELECT project_id,
                (array_agg(entered_event_id ORDER BY entered_position) FILTER (WHERE stage = 'idea'))[1] AS proposed_id,
                min(entered_at) FILTER (WHERE stage = 'idea') AS proposed_at,
                (array_agg(entered_event_id ORDER BY entered_position) FILTER (WHERE stage = 'approved'))[1] AS approved_id,
                min(entered_at) FILTER (WHERE stage = 'approved') AS approved_at
           FROM stage_transitions GROUP BY project_id
         HAVING bool_or(stage = 'approved') AND bool_or(stage = 'idea')
       )
       SELECT c.*, extract(epoch FROM c.approved_at - c.proposed_at) / 86400 AS days, b.title, b.stage, b.status,
              count(*) OVER () AS total
         FROM c LEFT JOIN pipeline_board b ON b.project_id = c.project_id
        ORDER BY c.approved_at DESC, c.project_id
        LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    return {
      total: num(rows[0]?.total ?? 0),
      items: rows.map((r) =>
        item(
          String(r.project_id),
          (r.title as string | null) ?? null,
          (r.stage as string | null) ?? null,
          (r.status as string | null) ?? null,
          [
            ['proposed', String(r.proposed_id), iso(r.proposed_at, true)],
            ['approved', String(r.approved_id), iso(r.approved_at, true)],
          ],
          days(r.days),
        ),
      ),
    };
  }
}

function item(
  projectId: string,
  title: string | null,
  stage: string | null,
  status: string | null,
  events: [string, string, string | null][],
  d: number | null,
): DrillDownItemView {
  return {
    projectId,
    title,
    stage,
    status,
    eventIds: events.map(([, id]) => id),
    events: events.map(([role, eventId, at]) => ({ role, eventId, at })),
    days: d,
  };
}
