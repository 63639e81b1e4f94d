import { Query } from '@nestjs/cqrs';
import type { GetIdeasRequest } from './idea-register.request.dto';
import type { IdeaRegisterView } from './idea-register.view';

export class GetIdeasQuery extends Query<IdeaRegisterView> {
  constructor(
    readonly request: GetIdeasRequest,
    /** A clinician's person id: they see only the ideas they submitted. Undefined: every idea. */
    readonly submittedBy?: string,
  ) {
    super();
  }
}
