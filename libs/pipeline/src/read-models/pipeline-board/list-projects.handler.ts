import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { ReadYourWrites } from '../shared/read-your-writes';
import { applyBoardFilters, boardSource, selectBoardColumns, toProjectCard } from './board-source';
import type { ProjectSort } from './board-filters.request.dto';
import { ListProjectsQuery } from './list-projects.query';
import { pipelineBoardProjection } from './pipeline-board.projection';
import { ProjectListView } from './pipeline-board.view';

const SORT_COLUMNS: Record<string, string> = {
  lastEventAt: 'b.last_event_at',
  title: 'b.title',
  proposedAt: 'b.proposed_at',
  stageEnteredAt: 'b.stage_entered_at',
};

export function orderBy(sort: ProjectSort | undefined): [string, 'ASC' | 'DESC'] {
  const s = sort ?? '-lastEventAt';
  return s.startsWith('-') ? [SORT_COLUMNS[s.slice(1)], 'DESC'] : [SORT_COLUMNS[s], 'ASC'];
}

@QueryHandler(ListProjectsQuery)
export class ListProjectsHandler implements IQueryHandler<ListProjectsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request }: ListProjectsQuery): Promise<ProjectListView> {
    const name = pipelineBoardProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const filtered = () => applyBoardFilters(boardSource(this.ds), request);
    const [column, direction] = orderBy(request.sort);
    const [rows, total] = await Promise.all([
      selectBoardColumns(filtered())
        .orderBy(column, direction)
        .addOrderBy('b.project_id', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawMany<Record<string, unknown>>(),
      filtered().getCount(),
    ]);
    return {
      page,
      pageSize,
      total,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      items: rows.map(toProjectCard),
    };
  }
}
