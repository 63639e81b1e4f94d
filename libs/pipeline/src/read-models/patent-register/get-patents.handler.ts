import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { PipelineBoardEntity } from '../pipeline-board/pipeline-board.entity';
import { ReadYourWrites } from '../shared/read-your-writes';
import { iso, num } from '../shared/sql-values';
import { GetPatentsQuery } from './get-patents.query';
import { PatentRegisterEntity } from './patent-register.entity';
import { patentRegisterProjection } from './patent-register.projection';
import { PATENT_STATUSES } from './patent-register.request.dto';
import type { GetPatentsRequest } from './patent-register.request.dto';
import { PatentRegisterView, PatentView } from './patent-register.view';

@QueryHandler(GetPatentsQuery)
export class GetPatentsHandler implements IQueryHandler<GetPatentsQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request }: GetPatentsQuery): Promise<PatentRegisterView> {
    const name = patentRegisterProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const page = request.page ?? 1;
    const pageSize = request.pageSize ?? 20;
    const filtered = (withStatus: boolean) => filter(this.ds.getRepository(PatentRegisterEntity).createQueryBuilder('p'), request, withStatus);
    const [rows, total, counts] = await Promise.all([
      filtered(true)
        .leftJoin(PipelineBoardEntity, 'b', 'b.projectId = p.projectId')
        .select('p')
        .addSelect('b.title', 'project_title')
        .orderBy('p.filedOn', 'DESC')
        .addOrderBy('p.patentId', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawAndEntities(),
      filtered(true).getCount(),
      filtered(false).select('p.status', 'status').addSelect('count(*)', 'n').groupBy('p.status').getRawMany<{ status: string; n: unknown }>(),
    ]);
    return {
      page,
      pageSize,
      total,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
      byStatus: Object.fromEntries(PATENT_STATUSES.map((s) => [s, num(counts.find((c) => c.status === s)?.n ?? 0)])),
      items: rows.entities.map((p, i) => toPatentView(p, (rows.raw[i]?.project_title as string | undefined) ?? null)),
    };
  }
}

function filter(qb: SelectQueryBuilder<PatentRegisterEntity>, r: GetPatentsRequest, withStatus: boolean) {
  qb.where('p.retracted = false');
  if (r.projectId) qb.andWhere('p.projectId = :projectId', { projectId: r.projectId });
  if (r.jurisdiction) qb.andWhere('p.jurisdiction = :jurisdiction', { jurisdiction: r.jurisdiction });
  if (withStatus && r.status) qb.andWhere('p.status = :status', { status: r.status });
  if (r.open) qb.andWhere("p.status IN ('filed', 'published')");
  return qb;
}

function toPatentView(p: PatentRegisterEntity, projectTitle: string | null): PatentView {
  const { retracted: _, updatedAt, ...rest } = p;
  return { ...rest, projectTitle, updatedAt: iso(updatedAt) };
}
