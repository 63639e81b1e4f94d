import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { PipelineBoardEntity } from '../pipeline-board/pipeline-board.entity';
import { ReadYourWrites } from '../shared/read-your-writes';
import { iso, num } from '../shared/sql-values';
import { GetTrialsQuery } from './get-trials.query';
import { TrialTrackerEntity } from './trial-tracker.entity';
import { trialTrackerProjection } from './trial-tracker.projection';
import { TRIAL_STATUSES } from './trial-tracker.request.dto';
import type { GetTrialsRequest } from './trial-tracker.request.dto';
import { TrialTrackerView, TrialView } from './trial-tracker.view';

@QueryHandler(GetTrialsQuery)
export class GetTrialsHandler implements IQueryHandler<GetTrialsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request }: GetTrialsQuery): Promise<TrialTrackerView> {
    const name = trialTrackerProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const filtered = (withStatus: boolean) => filter(this.ds.getRepository(TrialTrackerEntity).createQueryBuilder('t'), request, withStatus);
    const [rows, total, counts] = await Promise.all([
      filtered(true)
        .leftJoin(PipelineBoardEntity, 'b', 'b.projectId = t.projectId')
        .select('t')
        .addSelect('b.title', 'project_title')
        .orderBy('t.registeredOn', 'DESC')
        .addOrderBy('t.trialId', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawAndEntities(),
      filtered(true).getCount(),
      filtered(false).select('t.status', 'status').addSelect('count(*)', 'n').groupBy('t.status').getRawMany<{ status: string; n: unknown }>(),
    ]);
    return {
      page,
      pageSize,
      total,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      byStatus: Object.fromEntries(TRIAL_STATUSES.map((s) => [s, num(counts.find((c) => c.status === s)?.n ?? 0)])),
      items: rows.entities.map((t, i) => toTrialView(t, (rows.raw[i]?.project_title as string | undefined) ?? null)),
    };
  }
}

function filter(qb: SelectQueryBuilder<TrialTrackerEntity>, r: GetTrialsRequest, withStatus: boolean) {
  qb.where('t.retracted = false');
  if (r.projectId) qb.andWhere('t.projectId = :projectId', { projectId: r.projectId });
  if (r.registry) qb.andWhere('t.registry = :registry', { registry: r.registry });
  if (withStatus && r.status) qb.andWhere('t.status = :status', { status: r.status });
  if (r.open) qb.andWhere("t.status <> 'completed'");
  return qb;
}

function toTrialView(t: TrialTrackerEntity, projectTitle: string | null): TrialView {
  const { retracted: _, updatedAt, ...rest } = t;
  return {
    ...rest,
    projectTitle,
    enrolmentRatio: t.targetEnrolment > 0 ? Math.round((t.enrolled / t.targetEnrolment) * 1000) / 1000 : 0,
    remaining: Math.max(0, t.targetEnrolment - t.enrolled),
    overTarget: t.enrolled > t.targetEnrolment,
    endpointOutcome: t.primaryEndpointMet === null ? 'pending' : t.primaryEndpointMet ? 'met' : 'not_met',
    updatedAt: iso(updatedAt),
  };
}
