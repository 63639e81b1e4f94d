import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { problem, ProblemError } from '@app/platform';
import { addDays, deadlineStatus, personKey } from '../../domain';
import { ReadYourWrites } from '../shared/read-your-writes';
import { DeadlineEntity } from './deadline.entity';
import { deadlinesProjection } from './deadlines.projection';
import type { GetDeadlinesRequest } from './deadlines.request.dto';
import { DeadlinesView, DeadlineView, ProjectDeadlinesView } from './deadlines.view';
import { GetDeadlinesQuery, GetProjectDeadlinesQuery } from './get-deadlines.query';

const DAY_MS = 86_400_000;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function toDeadlineView(d: DeadlineEntity, today: string): DeadlineView {
  return {
    deadlineId: d.deadlineId,
    projectId: d.projectId,
    projectTitle: d.projectTitle,
    projectStatus: d.projectStatus,
    ownerId: d.ownerId,
    kind: d.kind,
    title: d.title,
    record: { kind: d.recordKind, id: d.recordId },
    jurisdiction: d.jurisdiction,
    startsOn: d.startsOn,
    dueOn: d.dueOn,
    closedOn: d.closedOn,
    status: deadlineStatus(d.dueOn, d.closedOn, today),
    daysLeft: Math.round((Date.parse(d.dueOn) - Date.parse(today)) / DAY_MS),
    source: d.source,
    sourceEvents: d.sourceEvents,
    closedBy: d.closedBy,
  };
}

/** Open deadlines within the horizon and every overdue one, filtered as asked, soonest first. */
export function upcomingDeadlines(ds: DataSource, r: GetDeadlinesRequest, today: string, personId: string | null): SelectQueryBuilder<DeadlineEntity> {
  const qb = ds
    .getRepository(DeadlineEntity)
    .createQueryBuilder('d')
    .where('d.closedOn IS NULL')
    .andWhere('d.dueOn <= :until', { until: addDays(today, r.horizonDays ?? 90) });
  if (r.kind) qb.andWhere('d.kind = :kind', { kind: r.kind });
  if (r.projectId) qb.andWhere('d.projectId = :projectId', { projectId: r.projectId });
  if (r.owner) qb.andWhere('d.ownerId = :owner', { owner: personKey(r.owner) });
  if (r.mine) qb.andWhere('d.teamIds @> jsonb_build_array(CAST(:person AS text))', { person: personKey(personId ?? '') });
  return qb;
}

@QueryHandler(GetDeadlinesQuery)
export class GetDeadlinesHandler implements IQueryHandler<GetDeadlinesQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request, personId }: GetDeadlinesQuery): Promise<DeadlinesView> {
    const name = deadlinesProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const today = request.today ?? todayUtc();
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const [rows, counts] = await Promise.all([
      upcomingDeadlines(this.ds, request, today, personId)
        .orderBy('d.dueOn', 'ASC')
        .addOrderBy('d.projectId', 'ASC')
        .addOrderBy('d.deadlineId', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getMany(),
      // Both counts in one pass over the listed deadlines (two statements scanned them twice, side by side).
      upcomingDeadlines(this.ds, request, today, personId)
        .select('count(*)', 'total')
        .addSelect('count(*) FILTER (WHERE d.dueOn < :today)', 'overdue')
        .setParameter('today', today)
        .getRawOne<{ total: string | number; overdue: string | number }>(),
    ]);
    return {
      today,
      horizonDays: request.horizonDays ?? 90,
      total: Number(counts?.total ?? 0),
      overdue: Number(counts?.overdue ?? 0),
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      items: rows.map((d) => toDeadlineView(d, today)),
    };
  }
}

@QueryHandler(GetProjectDeadlinesQuery)
export class GetProjectDeadlinesHandler implements IQueryHandler<GetProjectDeadlinesQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ projectId, request }: GetProjectDeadlinesQuery): Promise<ProjectDeadlinesView> {
    const name = deadlinesProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const today = request.today ?? todayUtc();
    const known = await this.ds.query('SELECT 1 FROM deadline_projects WHERE project_id = $1', [projectId]);
    if (known.length === 0) throw new ProblemError(problem(404, 'project_not_found', 'Project not found', { detail: `No project ${projectId}.` }));
    const rows = await this.ds
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where('d.projectId = :projectId', { projectId })
      .orderBy('d.dueOn', 'ASC')
      .addOrderBy('d.deadlineId', 'ASC')
      .getMany();
    const items = rows.map((d) => toDeadlineView(d, today));
    return {
      projectId,
      today,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      next: items.filter((d) => d.closedOn === null),
      items,
    };
  }
}
