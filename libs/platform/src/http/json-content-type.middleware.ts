import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { problem, ProblemError } from './problem';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** A write with a body must say it is JSON; anything else is 415 before any parsing or validation. */
@Injectable()
export class JsonContentTypeMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (WRITES.has(req.method) && hasBody && !req.is(['application/json', 'application/*+json'])) {
      return next(
        new ProblemError(
          problem(415, 'unsupported_media_type', 'Unsupported media type', {
            detail: `Send the body as application/json (got ${req.headers['content-type'] ?? 'no content type'}).`,
          }),
        ),
      );
    }
    next();
  }
}
