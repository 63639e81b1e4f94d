import { createHash } from 'node:crypto';
import type { KeyedEvent } from './project-snapshots';
import { problem, ProblemError } from '@app/platform';
import type { ProjectCommandInput } from './execute-project-command.command';
import type { RequestContext } from './request-context';
import { canonicalJson } from './signed-content';

/** What a keyed command records beside its key (metadata `idempotency`): enough to tell a retry from another request. */
export interface IdempotencyRecord {
  /** The Idempotency-Key as the client sent it. */
  key: string;
  /** The account that sent it; absent for in-process callers (the demo seed). */
  account?: string;
  /** The command type: with the project (the stream), the route the key was used on. */
  command: string;
  /** sha256 of the canonical request (see requestHash). */
  requestHash: string;
}

/** A keyed command's terms: the key the event store deduplicates on, and what the events record of it. */
export interface Idempotency {
  /**
   * The stream's duplicate key (metadata `idempotencyKey`): the client's key within its account's scope,
   * `account:key`, so two accounts' same key are two requests. The store only compares the string.
   */
  storeKey: string;
  record: IdempotencyRecord;
}

export function idempotencyOf(
  command: ProjectCommandInput,
  context: RequestContext,
  occurredAt: string | undefined,
): Idempotency | undefined {
  const key = context.idempotencyKey;
  if (key === undefined) return undefined;
  const { account } = context.actor;
  // In-process callers have no HTTP request: their command is the request.
  const requestHash = context.requestHash ?? sha256(canonicalJson({ command, occurredAt }));
  return {
    // An account name may hold ':' (an OIDC subject): escaped, the first ':' always ends the account.
    storeKey: account === undefined ? key : `${account.replace(/[%:]/g, (c) => encodeURIComponent(c))}:${key}`,
    record: { key, ...(account !== undefined ? { account } : {}), command: command.type, requestHash },
  };
}

/** A key answers only the request it was first used for: another body or route is 422, as Stripe and the IETF draft do. */
export function assertSameRequest(original: readonly Pick<KeyedEvent, 'metadata'>[], { record }: Idempotency): void {
  const first = original[0].metadata.idempotency as Partial<IdempotencyRecord> | undefined;
  // Written before requests were fingerprinted: the key is all there is to compare.
  if (!first) return;
  if (first.command === record.command && first.requestHash === record.requestHash) return;
  throw new ProblemError(
    problem(422, 'idempotency_key_reused', 'Idempotency-Key reused', {
      detail:
        `Idempotency-Key ${record.key} was first used for another request (${String(first.command)}) on this project. ` +
        'Nothing was written; a new request needs a new key.',
    }),
  );
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
