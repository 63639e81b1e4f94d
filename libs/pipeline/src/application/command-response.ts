import type { Response } from 'express';
import type { CommandAccepted } from './execute-project-command.command';
import { etag } from './request-context';

/** Every command response carries the new revision as ETag. */
export function withEtag(res: Response, result: CommandAccepted): CommandAccepted {
  res.setHeader('ETag', etag(result.revision));
  return result;
}
