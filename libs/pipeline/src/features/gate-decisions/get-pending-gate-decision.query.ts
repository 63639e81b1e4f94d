import { Query } from '@nestjs/cqrs';
import type { PendingGateDecisionView } from './pending-gate-decision.view';

export class GetPendingGateDecisionQuery extends Query<PendingGateDecisionView> {
  constructor(
    readonly projectId: string,
    /** The decision as it stood at this revision (a go's answer, the same on every replay); default: now. */
    readonly atRevision?: number,
  ) {
    super();
  }
}
