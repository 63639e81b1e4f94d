import { InvalidAppendError } from './event-store.errors';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What every adapter refuses before writing anything: the port's rules for one append. */
export function validateAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (!streamId) throw new InvalidAppendError('Stream id is empty');
  if (events.length === 0) throw new InvalidAppendError(`Stream ${streamId}: nothing to append`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new InvalidAppendError(`Stream ${streamId}: expected revision ${expected} is not a revision`);
  }
  for (const e of events) {
    if (!UUID.test(e.eventId)) throw new InvalidAppendError(`Stream ${streamId}: event id ${e.eventId} is not a uuid`);
    if (!e.type) throw new InvalidAppendError(`Stream ${streamId}: event ${e.eventId} has no type`);
    if (!e.metadata?.actor?.id) throw new InvalidAppendError(`Stream ${streamId}: event ${e.eventId} has no actor`);
    if (Number.isNaN(Date.parse(e.metadata.occurredAt))) {
      throw new InvalidAppendError(`Stream ${streamId}: event ${e.eventId} has no valid occurredAt`);
    }
  }
  if (new Set(events.map((e) => e.eventId)).size !== events.length) {
    throw new InvalidAppendError(`Stream ${streamId}: an event id appears twice in one append`);
  }
  // The key identifies the command, so every event the command appends carries the same one (or none).
  const key = events[0].metadata.idempotencyKey;
  if (events.some((e) => e.metadata.idempotencyKey !== key)) {
    throw new InvalidAppendError(`Stream ${streamId}: events of one append carry different idempotency keys`);
  }
}

/** The result of an append from the events it recorded (or, deduplicated, the original append's). */
export function appendResult(streamId: string, events: RecordedEvent[], deduplicated: boolean): AppendResult {
  const last = events[events.length - 1];
  return {
    streamId,
    nextExpectedRevision: last.revision,
    firstRevision: events[0].revision,
    globalPosition: last.globalPosition,
    events,
    deduplicated,
  };
}
