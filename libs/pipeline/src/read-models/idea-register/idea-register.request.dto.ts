import { OneOf } from '@app/platform';
import { IDEA_STATUSES } from '../../domain';
import type { IdeaStatus } from '../../domain';
import { PagingRequest } from '../shared/paging.request.dto';

export class GetIdeasRequest extends PagingRequest {
  @OneOf(IDEA_STATUSES, { optional: true, description: 'submitted: the office’s screening queue' }) status?: IdeaStatus;
}
