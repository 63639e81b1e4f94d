import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf, problem, ProblemError } from '@app/platform';
import { Actor, Role } from '../domain';
import { canonicalJson } from './signed-content';

/** Who asks, and the request's concurrency and idempotency terms, as the command handler needs them. */
export interface RequestContext {
  actor: Actor;
  /** The server's request id; every event the request appends carries it as correlation and causation id. */
  requestId: string;
  /** The client's own X-Request-Id, kept beside the server's: never the correlation id. */
  clientRequestId?: string;
  /** From If-Match: the stream revision the client saw; absent, the command runs on the current revision. */
  expectedRevision?: number;
  idempotencyKey?: string;
  /**
   * With an Idempotency-Key: sha256 of the request as sent (method, path, body without the signature's
   * password or token). A key reused for a different request is refused instead of replayed.
   */
  requestHash?: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;
// Secrets a request may carry that never belong in a stored hash: a signature's re-authentication.
const SIGNATURE_SECRETS = ['password', 'token'];

// The actor is who the verified bearer token names, as the user record stands (the auth guard set it);
// nothing in the request body or headers can change it. The account says which of a person's logins acted.
export function actorFromRequest(req: Request): Actor {
  const { actor, username } = principalOf(req);
  return { id: actor.id, name: actor.name, role: actor.role as Role, account: username };
}

/** The client's X-Request-Id when it is a plausible id (kept beside the server's, in logs and metadata). */
export function clientRequestIdOf(headers: IncomingHttpHeaders | undefined): string | undefined {
  const given = headers?.['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : undefined;
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
  const clientRequestId = clientRequestIdOf(req.headers);
  return {
    actor: actorFromRequest(req),
    requestId: String((req as Request & { id?: unknown }).id ?? ''),
    ...(clientRequestId ? { clientRequestId } : {}),
    expectedRevision: parseIfMatch(header(req, 'if-match')),
    ...(idempotencyKey !== undefined ? { idempotencyKey, requestHash: requestHash(req) } : {}),
  };
}

/** sha256 of the canonical request: the same JSON in another key order or spacing is the same request. */
export function requestHash(req: Pick<Request, 'method' | 'originalUrl' | 'body'>): string {
  const path = req.originalUrl.split('?')[0];
  const canonical = canonicalJson({ method: req.method, path, body: withoutSecrets(req.body) });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

function withoutSecrets(body: unknown): unknown {
  const signature = (body as { signature?: unknown } | null)?.signature;
  if (!signature || typeof signature !== 'object' || Array.isArray(signature)) return body ?? null;
  const kept = Object.fromEntries(Object.entries(signature).filter(([name]) => !SIGNATURE_SECRETS.includes(name)));
  return { ...(body as object), signature: kept };
}

/** Controller parameter: the request's context for a command. */
export const CommandContext = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestContext(ctx.switchToHttp().getRequest<Request>()),
);

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
