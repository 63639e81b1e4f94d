import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ObjectLiteral } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { PROJECT_STATUSES, STAGES } from '../../domain';
import { activityFeedProjection } from '../activity-feed/activity-feed.projection';
import { ideaCounts } from '../idea-register/get-ideas.handler';
import { ideaRegisterProjection } from '../idea-register/idea-register.projection';
import { AnswerCache, requestKey } from '../shared/answer-cache';
import { ReadYourWrites } from '../shared/read-your-writes';
import { num } from '../shared/sql-values';
import { applyBoardFilters, boardSource, selectBoardColumns, toProjectCard } from './board-source';
import { GetPipelineBoardQuery } from './get-pipeline-board.query';
import { pipelineBoardProjection } from './pipeline-board.projection';
import { PipelineBoardView } from './pipeline-board.view';

const DEFAULT_LIMIT_PER_STAGE = 50;

@QueryHandler(GetPipelineBoardQuery)
export class GetPipelineBoardHandler implements IQueryHandler<GetPipelineBoardQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
    private readonly answers: AnswerCache,
  ) {}

  async execute({ request }: GetPipelineBoardQuery): Promise<PipelineBoardView> {
    const name = pipelineBoardProjection.name;
    if (!request.asOf) await this.readYourWrites.ensure(request.position, [name]);
    // Today's board also counts the ideas; the board as of an instant reads the board's versions and the feed.
    const sources = request.asOf ? [name, activityFeedProjection.name] : [name, ideaRegisterProjection.name];
    return this.answers.answer(sources, requestKey('board', request), () => this.compute(request));
  }

  private async compute(request: GetPipelineBoardQuery['request']): Promise<PipelineBoardView> {
    const name = pipelineBoardProjection.name;
    const filtered = () => applyBoardFilters(boardSource(this.ds, request.asOf), request);

    const counts = await filtered()
      .select('b.stage', 'stage')
      .addSelect('b.status', 'status')
      .addSelect('count(*)', 'n')
      .groupBy('b.stage')
      .addGroupBy('b.status')
      .getRawMany<{ stage: string; status: string; n: unknown }>();

    const limit = request.limitPerStage ?? DEFAULT_LIMIT_PER_STAGE;
    const rows = limit === 0 ? [] : request.asOf ? await this.asOfCards(filtered, limit) : await this.cards(filtered, limit);

    const byStatus = Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    for (const c of counts) byStatus[c.status] = (byStatus[c.status] ?? 0) + num(c.n);
    const position = request.asOf ? null : ((await this.runner.checkpointOf(name))?.globalPosition ?? 0);
    return {
      asOf: request.asOf ?? null,
      position,
      total: counts.reduce((sum, c) => sum + num(c.n), 0),
      byStatus,
      stages: STAGES.map((stage) => {
        const here = counts.filter((c) => c.stage === stage);
        return {
          stage,
          count: here.reduce((sum, c) => sum + num(c.n), 0),
          byStatus: Object.fromEntries(here.map((c) => [c.status, num(c.n)])),
          projects: rows.filter((r) => r.stage === stage).map(toProjectCard),
          drillDown: `/pipeline/drill-down?metric=board&stage=${stage}${request.asOf ? `&asOf=${encodeURIComponent(request.asOf)}` : ''}`,
        };
      }),
      ideasAwaitingScreening: request.asOf ? null : (await ideaCounts(this.ds)).submitted,
    };
  }

  // The newest cards of each stage: per stage, a walk down the (stage, last_event_at DESC) index until enough match.
  private async cards(filtered: () => SelectQueryBuilder<ObjectLiteral>, limit: number): Promise<Record<string, unknown>[]> {
    const perStage = selectBoardColumns(filtered())
      .andWhere('b.stage = s.stage')
      .orderBy('b.last_event_at', 'DESC')
      .addOrderBy('b.project_id', 'ASC')
      .limit(limit);
    const [sql, params] = perStage.getQueryAndParameters();
    return this.ds.query(
      `SELECT x.* FROM unnest($${params.length + 1}::text[]) WITH ORDINALITY AS s(stage, n) CROSS JOIN LATERAL (${sql}) x
        ORDER BY s.n, x.last_event_at DESC, x.project_id`,
      [...params, [...STAGES]],
    );
  }

  // As of an instant the rows are computed, not indexed: number them per stage in one statement.
  private async asOfCards(filtered: () => SelectQueryBuilder<ObjectLiteral>, limit: number): Promise<Record<string, unknown>[]> {
    const cards = selectBoardColumns(filtered()).addSelect(
      'row_number() OVER (PARTITION BY b.stage ORDER BY b.last_event_at DESC, b.project_id)',
      'rn',
    );
    return this.ds
      .createQueryBuilder()
      .select('x.*')
      .from(`(${cards.getQuery()})`, 'x')
      .where('x.rn <= :limit', { limit })
      .setParameters(cards.getParameters())
      .orderBy('x.rn')
      .getRawMany<Record<string, unknown>>();
  }
}
