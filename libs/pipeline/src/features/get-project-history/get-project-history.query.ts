import { Query } from '@nestjs/cqrs';
import type { ProjectHistory } from './project-history.view';

export class GetProjectHistoryQuery extends Query<ProjectHistory> {
  constructor(readonly projectId: string) {
    super();
  }
}
