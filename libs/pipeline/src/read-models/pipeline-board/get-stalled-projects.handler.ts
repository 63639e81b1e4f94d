import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { ReadYourWrites } from '../shared/read-your-writes';
import { applyBoardFilters, boardSource, selectBoardColumns, toProjectCard } from './board-source';
import { GetStalledProjectsQuery } from './get-stalled-projects.query';
import { pipelineBoardProjection } from './pipeline-board.projection';
import { StalledProjectsView } from './pipeline-board.view';

export const DEFAULT_STALLED_DAYS = 30;
const DAY_MS = 86_400_000;

/** Open projects (active or on hold) whose last event happened `days` or more ago, longest silent first. */
@QueryHandler(GetStalledProjectsQuery)
export class GetStalledProjectsHandler implements IQueryHandler<GetStalledProjectsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request, now }: GetStalledProjectsQuery): Promise<StalledProjectsView> {
    const name = pipelineBoardProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const days = request.days ?? DEFAULT_STALLED_DAYS;
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const since = new Date(now.getTime() - days * DAY_MS);
    const filtered = () =>
      applyBoardFilters(boardSource(this.ds), request)
        .andWhere("b.status IN ('active', 'on_hold')")
        .andWhere('b.last_event_at <= :since', { since: since.toISOString() });
    const [rows, total] = await Promise.all([
      selectBoardColumns(filtered())
        .orderBy('b.last_event_at', 'ASC')
        .addOrderBy('b.project_id', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawMany<Record<string, unknown>>(),
      filtered().getCount(),
    ]);
    return {
      days,
      since: since.toISOString(),
      page,
      pageSize,
      total,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      items: rows.map((row) => {
        const card = toProjectCard(row);
        return { ...card, daysSinceLastEvent: Math.floor(((now.getTime() - Date.parse(card.lastEventAt)) / DAY_MS) * 10) / 10 };
      }),
    };
  }
}
