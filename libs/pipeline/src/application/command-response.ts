import type { Response } from 'express';
import type { CommandAccepted } from './execute-project-command.command';
import { etag } from './request-context';

export type CommandAcceptedBody = Omit<CommandAccepted, 'replayed'>;

/**
 * Every command response carries the new revision as ETag. A replayed Idempotency-Key answers with
 * the first response's body, byte for byte, and says so only in the Idempotent-Replayed header.
 */
export function withEtag(res: Response, { replayed, ...body }: CommandAccepted): CommandAcceptedBody {
  res.setHeader('ETag', etag(body.revision));
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
  return body;
}
