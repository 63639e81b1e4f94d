import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf, problem, ProblemError } from '@app/platform';
import { Actor, Role } from '../domain';

/** Who asks, and the request's concurrency and idempotency terms, as the command handler needs them. */
export interface RequestContext {
  actor: Actor;
  /** The request id; every event the request appends carries it as correlation and causation id. */
  requestId: string;
  /** From If-Match: the stream revision the client saw; absent, the command runs on the current revision. */
  expectedRevision?: number;
  idempotencyKey?: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
// The actor is who the verified bearer token names, as the user record stands (the auth guard set it);
// nothing in the request body or headers can change it.
export function actorFromRequest(req: Request): Actor {
  const { actor } = principalOf(req);
  return { id: actor.id, name: actor.name, role: actor.role as Role };
}

/** Parses If-Match: `"7"`, `7` or `W/"7"`; `*` means any revision. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(-?\d{1,9})"?\s*$/.exec(value);
  if (!match) {
    throw new ProblemError(
      problem(400, 'invalid_if_match', 'Invalid If-Match', { detail: 'If-Match must be the ETag of the project, e.g. "7".' }),
    );
  }
  return Number(match[1]);
}

export function etag(revision: number): string {
  return `"${revision}"`;
}

export function requestContext(req: Request): RequestContext {
  const idempotencyKey = header(req, 'idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemError(
      problem(400, 'invalid_idempotency_key', 'Invalid Idempotency-Key', {
        detail: 'Idempotency-Key must be 1-200 visible ASCII characters.',
      }),
    );
  }
  return {
    actor: actorFromRequest(req),
    requestId: String((req as Request & { id?: unknown }).id ?? ''),
    expectedRevision: parseIfMatch(header(req, 'if-match')),
    idempotencyKey,
  };
}

/** Controller parameter: the request's context for a command. */
export const CommandContext = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestContext(ctx.switchToHttp().getRequest<Request>()),
);

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
