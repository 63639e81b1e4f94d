import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/event-store';
import { PipelineBoardEntity } from '../pipeline-board/pipeline-board.entity';
import { ReadYourWrites } from '../shared/read-your-writes';
import { iso, num } from '../shared/sql-values';
import { activityFeedProjection } from './activity-feed.projection';
import { ActivityFeedEntity } from './activity-feed.entity';
import { ActivityFeedView } from './activity-feed.view';
import { GetActivityQuery } from './get-activity.query';

@QueryHandler(GetActivityQuery)
export class GetActivityHandler implements IQueryHandler<GetActivityQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request }: GetActivityQuery): Promise<ActivityFeedView> {
    const name = activityFeedProjection.name;
    await this.readYourWrites.ensure(request.position, [name]);
    const limit = request.limit ?? 50;
    const qb = this.ds
      .getRepository(ActivityFeedEntity)
      .createQueryBuilder('a')
      .leftJoin(PipelineBoardEntity, 'b', 'b.projectId = a.projectId')
      .select('a')
      .addSelect('b.title', 'project_title');
    if (request.before) qb.andWhere('a.globalPosition < :before', { before: request.before });
    if (request.projectId) qb.andWhere('a.projectId = :projectId', { projectId: request.projectId });
    if (request.actorId) qb.andWhere('a.actorId = :actorId', { actorId: request.actorId });
    if (request.type) qb.andWhere('a.type = :type', { type: request.type });
    // One more than asked tells whether an older page exists.
    const { entities, raw } = await qb.orderBy('a.globalPosition', 'DESC').limit(limit + 1).getRawAndEntities();
    const page = entities.slice(0, limit);
    return {
      items: page.map((a, i) => ({
        globalPosition: num(a.globalPosition),
        eventId: a.eventId,
        projectId: a.projectId,
        projectTitle: (raw[i]?.project_title as string | undefined) ?? null,
        revision: a.revision,
        type: a.type,
        actor: { id: a.actorId, name: a.actorName, role: a.actorRole },
        occurredAt: iso(a.occurredAt),
        recordedAt: iso(a.recordedAt),
        reason: a.reason,
        summary: a.summary,
      })),
      nextBefore: entities.length > limit ? num(page[page.length - 1].globalPosition) : null,
      position: (await this.runner.checkpointOf(name))?.globalPosition ?? 0,
    };
  }
}
