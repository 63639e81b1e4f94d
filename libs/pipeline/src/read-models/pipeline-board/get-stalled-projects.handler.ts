import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { AnswerCache, requestKey } from '../shared/answer-cache';
import { ReadYourWrites } from '../shared/read-your-writes';
import { num } from '../shared/sql-values';
import { applyBoardFilters, boardSource, ProjectCard, selectBoardColumns, toProjectCard } from './board-source';
import { GetStalledProjectsQuery } from './get-stalled-projects.query';
import { pipelineBoardProjection } from './pipeline-board.projection';
import { StalledProjectsView } from './pipeline-board.view';

export const DEFAULT_STALLED_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The open projects a filter selects, as the board stands at one checkpoint: each one's last event (microseconds since
 * the epoch, exact) in ascending order. Hour-free, so it is kept per checkpoint; "stalled since an instant" is then a
 * binary search for how many of them are at or before it.
 */
interface OpenByLastEvent {
  lastEventMicros: Float64Array;
  position: number;
}

/** Open projects (active or on hold) whose last event happened `days` or more ago, longest silent first. */
@QueryHandler(GetStalledProjectsQuery)
export class GetStalledProjectsHandler implements IQueryHandler<GetStalledProjectsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
    private readonly answers: AnswerCache,
  ) {}

  async execute({ request, now }: GetStalledProjectsQuery): Promise<StalledProjectsView> {
    const name = pipelineBoardProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const days = request.days ?? DEFAULT_STALLED_DAYS;
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const since = new Date(now.getTime() - days * DAY_MS);
    const stalled = () => this.openProjects(request).andWhere('b.last_event_at <= :since', { since: since.toISOString() });

    let cards: ProjectCard[];
    let total: number;
    let position: number;
    if (this.answers.keeps) {
      // Kept per checkpoint, so a request costs one checkpoint lookup: the open projects' hour-free list (the count is
      // a binary search in it) and the page's cards in the same order. Those stalled since any instant are a prefix of
      // that order (last event ascending, ties by id), so the page is the kept one cut at the count.
      const { days: _d, ...filters } = request;
      const kept = await this.answers.answer([name], requestKey('stalled.page', filters), () => this.keptPage(request, page, pageSize));
      total = atOrBefore(kept.open.lastEventMicros, since.getTime() * 1000);
      cards = kept.cards.slice(0, Math.max(0, total - (page - 1) * pageSize));
      position = kept.open.position;
    } else {
      [cards, total] = await Promise.all([this.pageOf(stalled(), page, pageSize), stalled().getCount()]);
      position = (await this.runner.checkpointOf(name))?.globalPosition ?? 0;
    }
    return {
      days,
      since: since.toISOString(),
      page,
      pageSize,
      total,
      position,
      items: cards.map((card) => ({ ...card, daysSinceLastEvent: Math.floor(((now.getTime() - Date.parse(card.lastEventAt)) / DAY_MS) * 10) / 10 })),
    };
  }

  /**
   * The page's cards among every open project the filters select, before any instant's cut, with the list the cut is
   * made in. The list is shared by every page of the same filters (kept under its own key).
   */
  private async keptPage(request: GetStalledProjectsQuery['request'], page: number, pageSize: number): Promise<{ open: OpenByLastEvent; cards: ProjectCard[] }> {
    const { days: _d, page: _p, pageSize: _s, ...filters } = request;
    const [open, cards] = await Promise.all([
      this.answers.answer([pipelineBoardProjection.name], requestKey('stalled.open', filters), () => this.openByLastEvent(request)),
      this.pageOf(this.openProjects(request), page, pageSize),
    ]);
    return { open, cards };
  }

  /** The active and on-hold projects the request's filters select. */
  private openProjects(request: GetStalledProjectsQuery['request']) {
    return applyBoardFilters(boardSource(this.ds), request).andWhere("b.status IN ('active', 'on_hold')");
  }

  /** A page of `query`'s cards, longest without an event first (ties by id). */
  private async pageOf(query: ReturnType<typeof boardSource>, page: number, pageSize: number): Promise<ProjectCard[]> {
    const rows = await selectBoardColumns(query)
      .orderBy('b.last_event_at', 'ASC')
      .addOrderBy('b.project_id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    return rows.map(toProjectCard);
  }

  private async openByLastEvent(request: GetStalledProjectsQuery['request']): Promise<OpenByLastEvent> {
    const rows = await this.openProjects(request)
      .select('(extract(epoch FROM b.last_event_at) * 1000000)::bigint::text', 'us')
      .orderBy('b.last_event_at', 'ASC')
      .getRawMany<{ us: string }>();
    const lastEventMicros = Float64Array.from(rows, (r) => num(r.us));
    // The checkpoint read after the rows: the list is never older than the position it reports (see AnswerCache).
    const position = (await this.runner.checkpointOf(pipelineBoardProjection.name))?.globalPosition ?? 0;
    return { lastEventMicros, position };
  }
}

/** How many of the ascending `sorted` are at or before `limit`. */
export function atOrBefore(sorted: Float64Array, limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
