import { randomUUID } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { problem, ProblemError } from '@app/platform';
import { checkPermission, decide, EVENT_SCHEMA_VERSION, ProjectCommand, ProjectEvent } from '../domain';
import type { Signature } from '../domain';
import { signedContentHash } from './signed-content';
import { CommandAccepted, ExecuteProjectCommand } from './execute-project-command.command';
import { assertSameRequest, Idempotency, idempotencyOf } from './idempotency';
import { projectStreamId } from './project-stream';
import { ProjectStateCache } from './project-state-cache';
import { KeyedEvent, ProjectSnapshots } from './project-snapshots';
import { etag, RequestContext } from './request-context';

// Without If-Match a lost race is retried on the new state, after a short random pause so that
// contenders spread out; a dozen rounds settles any contention a single project really sees.
const MAX_ATTEMPTS = 12;

@CommandHandler(ExecuteProjectCommand)
export class ExecuteProjectCommandHandler implements ICommandHandler<ExecuteProjectCommand> {
  private readonly streams: ProjectStateCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() snapshots?: ProjectSnapshots,
  ) {
    this.streams = new ProjectStateCache(snapshots ?? null);
  }

  async execute({ command, context, occurredAt }: ExecuteProjectCommand): Promise<CommandAccepted> {
    const streamId = projectStreamId(command.data.projectId);
    const idempotency = idempotencyOf(command, context, occurredAt);
    for (let attempt = 1; ; attempt++) {
      const { state, byIdempotencyKey } = await this.streams.load(this.store, streamId);
      const now = new Date().toISOString();
      const asked = { ...command, metadata: { actor: context.actor, now } } as ProjectCommand;
      const earlier = idempotency ? byIdempotencyKey.get(idempotency.storeKey) : undefined;
      if (earlier?.length) {
        // A replay answers only someone who may send this command now, and only the request the key was used for.
        checkPermission(asked, state);
        assertSameRequest(earlier, idempotency!);
        return accepted(command.data.projectId, earlier, true);
      }

      if (context.expectedRevision !== undefined && context.expectedRevision !== state.revision) {
        throw staleRevision(context.expectedRevision, state.revision);
      }
      const decided = decide(asked, state);
      // A signature hashes exactly what it signed: only then is the whole stream read.
      const signs = decided.some((e) => (e.data as { signature?: unknown }).signature);
      const history = signs ? await this.store.readStream(streamId) : [];
      const events = decided.map((e) => withContentHash(e, history.filter((h) => h.revision <= state.revision)));
      try {
        const result = await this.store.append(
          streamId,
          events.map((e) => envelope(e, context, occurredAt ?? now, idempotency)),
          { expectedRevision: state.revision < 0 ? 'no_stream' : state.revision },
        );
        // A racing request with our key got there first: ours is its retry only if it is the same request.
        if (result.deduplicated && idempotency) assertSameRequest(result.events, idempotency);
        return accepted(command.data.projectId, result.events, result.deduplicated);
      } catch (error) {
        // Someone else wrote first: the next round sees their event (and our own, if it was a retry).
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        await sleep(Math.random() * 5 * attempt);
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A signature also records the hash of exactly what it signed: the stream up to its signed revision.
function withContentHash(event: ProjectEvent, history: readonly RecordedEvent[]): ProjectEvent {
  const signature = (event.data as { signature?: Signature }).signature;
  if (!signature) return event;
  const contentHash = signedContentHash(history, signature.signedRevision);
  // A go that collected several signatures lists them all; those collected earlier carry their hash already.
  const list = (event.data as { signatures?: Signature[] }).signatures;
  const signatures = list?.map((s) => s.contentHash ? s : { ...s, contentHash: signedContentHash(history, s.signedRevision) });
  return {
    ...event,
    data: { ...event.data, signature: { ...signature, contentHash }, ...(signatures ? { signatures } : {}) },
  } as unknown as ProjectEvent;
}

function envelope(event: ProjectEvent, context: RequestContext, occurredAt: string, idempotency?: Idempotency): NewEvent {
  const reason = (event.data as { reason?: unknown }).reason;
  return {
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSION[event.type],
    data: event.data,
    metadata: {
      occurredAt,
      actor: context.actor,
      ...(typeof reason === 'string' ? { reason } : {}),
      correlationId: context.requestId,
      causationId: context.requestId,
      ...(context.clientRequestId ? { clientRequestId: context.clientRequestId } : {}),
      ...(idempotency ? { idempotencyKey: idempotency.storeKey, idempotency: idempotency.record } : {}),
    },
  };
}

function accepted(projectId: string, events: readonly KeyedEvent[], replayed: boolean): CommandAccepted {
  const last = events[events.length - 1];
  return {
    projectId,
    revision: last.revision,
    globalPosition: last.globalPosition,
    events: events.map((e) => ({ eventId: e.eventId, type: e.type, revision: e.revision })),
    replayed,
  };
}

function staleRevision(expected: number, actual: number): ProblemError {
  return new ProblemError(
    problem(412, 'stale_revision', 'Precondition failed', {
      detail: `If-Match names revision ${expected}, but the project is at revision ${actual}. Nothing was written; reload and retry.`,
      expectedRevision: expected,
      currentRevision: actual,
    }),
    { ETag: etag(actual) },
  );
}
