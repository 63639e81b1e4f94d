import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { ReadYourWrites } from '../shared/read-your-writes';
import { applyBoardFilters, boardSource, selectBoardColumns, toProjectCard, toTextArray } from './board-source';
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

  async execute({ request, memberKey }: ListProjectsQuery): Promise<ProjectListView> {
    const name = pipelineBoardProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const filtered = () => {
      const qb = applyBoardFilters(boardSource(this.ds), request);
      // "My projects": the active team in the state the board keeps (the lead is on it from the proposal).
      if (memberKey !== undefined) qb.andWhere(`(b.project_state -> 'team' -> :member ->> 'active') = 'true'`, { member: memberKey });
      // Ready for a gate decision, as the board's projection computed it with the domain's gate rules.
      if (request.readyForGate !== undefined) qb.andWhere(request.readyForGate ? 'b.ready_for_gate' : 'NOT b.ready_for_gate');
      if (request.changedAfter !== undefined) qb.andWhere('b.last_position > :changedAfter', { changedAfter: request.changedAfter });
      return qb;
    };
    const [column, direction] = orderBy(request.sort);
    const [rows, total] = await Promise.all([
      selectBoardColumns(filtered())
        .addSelect('b.next_stage', 'next_stage')
        .addSelect('b.missing_evidence', 'missing_evidence')
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
      items: rows.map((row) => ({ ...toProjectCard(row), nextGate: toNextGate(row) })),
    };
  }
}

/** The next gate and the evidence it still lacks, as the board's projection computed them (null: no gate ahead). */
function toNextGate(row: Record<string, unknown>): { stage: string; missingEvidence: string[]; ready: boolean } | null {
  if (row.next_stage === null || row.next_stage === undefined) return null;
  const missingEvidence = toTextArray(row.missing_evidence);
  return { stage: String(row.next_stage), missingEvidence, ready: missingEvidence.length === 0 };
}
