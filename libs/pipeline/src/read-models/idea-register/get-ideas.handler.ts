import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import type { IdeaStatus } from '../../domain';
import { ReadYourWrites } from '../shared/read-your-writes';
import { days, iso, num } from '../shared/sql-values';
import { GetIdeasQuery } from './get-ideas.query';
import { IdeaRegisterEntity } from './idea-register.entity';
import { ideaRegisterProjection } from './idea-register.projection';
import { IdeaRegisterView, IdeaRowView } from './idea-register.view';

const SCREENING_DAYS = `extract(epoch FROM i.screened_at - i.submitted_at) / 86400`;

@QueryHandler(GetIdeasQuery)
export class GetIdeasHandler implements IQueryHandler<GetIdeasQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request, submittedBy }: GetIdeasQuery): Promise<IdeaRegisterView> {
    const name = ideaRegisterProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const scoped = () => {
      const qb = this.ds.getRepository(IdeaRegisterEntity).createQueryBuilder('i');
      return submittedBy === undefined ? qb : qb.where('i.submittedById = :submittedBy', { submittedBy });
    };
    const listed = (qb: SelectQueryBuilder<IdeaRegisterEntity>) => (request.status ? qb.andWhere('i.status = :status', { status: request.status }) : qb);
    const [rows, total, counts, screening] = await Promise.all([
      listed(scoped())
        .orderBy('i.submittedAt', 'DESC')
        .addOrderBy('i.projectId', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getMany(),
      listed(scoped()).getCount(),
      scoped().select('i.status', 'status').addSelect('count(*)', 'n').groupBy('i.status').getRawMany<{ status: IdeaStatus; n: unknown }>(),
      scoped()
        .select('count(*)', 'n')
        .addSelect(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SCREENING_DAYS})`, 'median')
        .addSelect(`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${SCREENING_DAYS})`, 'p90')
        .andWhere('i.screened_at IS NOT NULL')
        .getRawOne<{ n: unknown; median: unknown; p90: unknown }>(),
    ]);
    const count = (status: IdeaStatus) => num(counts.find((c) => c.status === status)?.n ?? 0);
    const screened = count('accepted') + count('declined');
    return {
      page,
      pageSize,
      total,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      counts: { submitted: count('submitted'), declined: count('declined'), accepted: count('accepted') },
      acceptanceRate: screened ? Math.round((count('accepted') / screened) * 1000) / 1000 : null,
      screeningTime: { count: num(screening?.n ?? 0), medianDays: days(screening?.median), p90Days: days(screening?.p90) },
      items: rows.map(toRow),
    };
  }
}

function toRow(i: IdeaRegisterEntity): IdeaRowView {
  return {
    projectId: i.projectId,
    title: i.title,
    clinicalNeed: i.clinicalNeed,
    deviceType: i.deviceType,
    therapeuticArea: i.therapeuticArea,
    institution: i.institution,
    department: i.department,
    submittedById: i.submittedById,
    submittedByName: i.submittedByName,
    status: i.status as IdeaStatus,
    submissions: num(i.submissions),
    submittedAt: iso(i.submittedAt),
    screenedAt: iso(i.screenedAt, true),
    screeningReason: i.screeningReason,
    screenedByName: i.screenedByName,
    lastEventId: i.lastEventId,
  };
}

/** Ideas by status today, for the board's "submitted" count and the funnel's first step. */
export async function ideaCounts(ds: DataSource): Promise<Record<IdeaStatus, number>> {
  const rows = await ds
    .getRepository(IdeaRegisterEntity)
    .createQueryBuilder('i')
    .select('i.status', 'status')
    .addSelect('count(*)', 'n')
    .groupBy('i.status')
    .getRawMany<{ status: IdeaStatus; n: unknown }>();
  const count = (status: IdeaStatus) => num(rows.find((r) => r.status === status)?.n ?? 0);
  return { submitted: count('submitted'), declined: count('declined'), accepted: count('accepted') };
}
