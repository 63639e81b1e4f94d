import { createHash } from 'node:crypto';
import { ANY, jsonEvent, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  CurrentRevision,
  JSONEventData,
  JSONType,
  Position,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { validateAppend as validatePortAppend } from '../append-rules';
import { toIsoTimestamp, toSafeInteger } from '../event-row.mapping';
import { InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors';
import { Checkpoint, EventMetadata, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';

// Pure translation between our port and @eventstore/db-client. The store's I/O lives beside it.
//
// Positions. ESDB orders $all by a log position {commit, prepare}: byte offsets in its transaction
// file, not a dense counter (gaps between events are normal, and they survive scavenging unchanged).
// All events of one append share `commit` (the position of the write) and each has its own `prepare`.
// So:   globalPosition           = prepare  (unique per event, increases in $all order)
//       checkpoint.transactionId = commit as a decimal string
//       checkpoint.globalPosition = prepare
// which orders checkpoints by (commit, prepare), exactly ESDB's $all order, with the same
// compareCheckpoints() the PostgreSQL store uses for (xid8, global_position).

/** Keys the adapter adds to the stored metadata; a caller's metadata may not use them. */
export const RESERVED_METADATA_KEYS = ['schemaVersion', 'eventId', 'appendId', 'imported', '$correlationId', '$causationId'] as const;

/**
 * What an event brought along from the store it was exported from (`npm run import` into EventStoreDB): what ESDB
 * cannot keep as the event's own (its position, its recording instant) and its place in the hash chain there.
 */
export interface ImportedFrom {
  /** The event's global position in the exporting store. */
  globalPosition: number;
  /** When the record first recorded it (UTC, µs); the event's recordedAt here too, since ESDB's `created` is the import. */
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** The metadata stored with each event: our envelope, ESDB's own correlation keys, and the adapter's keys. */
export interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  /** The caller's event id (the stored ESDB id differs when derived from an idempotency key). */
  eventId: string;
  /** Random per append attempt: tells our own write from a concurrent retry that ESDB deduplicated. */
  appendId: string;
  $correlationId?: string;
  $causationId?: string;
  imported?: ImportedFrom;
}

// ESDB reports 2^64-1 where a server does not know an event's $all position (stream reads before 22.x).
const NO_POSITION = 2n ** 64n - 1n;
// Fixed namespace for ids derived from idempotency keys (UUID v5, RFC 9562 section 5.5).
const IDEMPOTENCY_NAMESPACE = 'a3c1f1f4-6f0e-4c55-9d59-2f3f1c8e7b20';

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/** ESDB's current revision as our `actual`: null when there is no stream. */
export function fromEsdbCurrentRevision(current: CurrentRevision | undefined): number | null {
  if (current === undefined || current === NO_STREAM) return null;
  return toSafeInteger(current, 'current revision');
}

export function toWrongExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  error: { actualVersion?: CurrentRevision },
): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, fromEsdbCurrentRevision(error.actualVersion));
}

/** The port's rules (as for the PostgreSQL store), plus ESDB's: no `$` stream names and no reserved metadata keys. */
export function validateAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  validatePortAppend(streamId, events, expected);
  if (streamId.startsWith('$')) throw new InvalidAppendError(`Stream ${streamId}: names starting with $ are ESDB's own`);
  for (const e of events) {
    const reserved = RESERVED_METADATA_KEYS.filter((k) => k in e.metadata);
    if (reserved.length) {
      throw new InvalidAppendError(`Stream ${streamId}: event ${e.eventId} uses reserved metadata ${reserved.join(', ')}`);
    }
  }
}

/** UUID v5 of `name` in `namespace`: the same inputs always give the same id. */
export function uuidV5(name: string, namespace = IDEMPOTENCY_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// With an idempotency key, the stored id comes from (stream, key, index): a concurrent retry of the
// same command carries new event ids but the same key, so ESDB's own id check recognises it.
export function storedEventId(streamId: string, event: NewEvent, index: number): string {
  const key = event.metadata.idempotencyKey;
  return key === undefined ? event.eventId : uuidV5(`${streamId}\n${key}\n${index}`);
}

export function toStoredMetadata(event: NewEvent, appendId: string): StoredMetadata {
  const { correlationId, causationId } = event.metadata;
  return {
    ...event.metadata,
    schemaVersion: event.schemaVersion,
    eventId: event.eventId,
    appendId,
    // ESDB's own names, so its UI and the $by_correlation_id projection link the events too.
    ...(correlationId !== undefined && { $correlationId: correlationId }),
    ...(causationId !== undefined && { $causationId: causationId }),
  };
}

export function toEventData(event: NewEvent, id: string, appendId: string): JSONEventData {
  // Any JSON value is stored as JSON text; undefined becomes null as in the PostgreSQL store.
  const data = (event.data ?? null) as JSONType;
  return jsonEvent({ id, type: event.type, data, metadata: toStoredMetadata(event, appendId) }) as JSONEventData;
}

/** `streamId` is the id as the port knows it (without the store's namespace). */
export function fromEsdbEvent(event: EsdbRecordedEvent, streamId: string = event.streamId): RecordedEvent {
  if (!event.isJson) throw new TypeError(`Event ${event.id} in ${event.streamId} is not JSON`);
  const stored = (event.metadata ?? {}) as Partial<StoredMetadata>;
  const { schemaVersion, eventId, appendId: _appendId, $correlationId: _c, $causationId: _k, imported: _i, ...metadata } = stored;
  const checkpoint = toCheckpoint(requirePosition(event));
  return {
    eventId: typeof eventId === 'string' ? eventId : event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: event.data,
    metadata: metadata as EventMetadata,
    streamId,
    revision: toSafeInteger(event.revision, 'revision'),
    globalPosition: checkpoint.globalPosition,
    recordedAt: recordedAtOf(event),
    checkpoint,
  };
}

/** When the record recorded the event: ESDB's `created`, or for an imported event the instant it was first recorded. */
export function recordedAtOf(event: EsdbRecordedEvent): string {
  const imported = (event.metadata as Partial<StoredMetadata> | undefined)?.imported;
  const original = typeof imported?.recordedAt === 'string' ? Date.parse(imported.recordedAt) : Number.NaN;
  // Milliseconds, as every store reports recordedAt.
  return Number.isNaN(original) ? toIsoTimestamp(event.created, 'created') : new Date(original).toISOString();
}

/** The attempt that stored the event, when the adapter stored it. */
export function appendIdOf(event: EsdbRecordedEvent): string | undefined {
  const value = (event.metadata as Partial<StoredMetadata> | undefined)?.appendId;
  return typeof value === 'string' ? value : undefined;
}

export function requirePosition(event: { id: string; streamId: string; position?: Position }): Position {
  const p = event.position;
  if (!p || p.commit === NO_POSITION || p.prepare === NO_POSITION) {
    throw new Error(
      `Event ${event.id} in ${event.streamId} came without its $all position: ` +
        'this store needs EventStoreDB 22.10 or later (or KurrentDB), which report it on stream reads',
    );
  }
  return p;
}

export function toCheckpoint(position: Position): Checkpoint {
  return { transactionId: position.commit.toString(10), globalPosition: toSafeInteger(position.prepare, 'prepare position') };
}

export function toPosition(checkpoint: Checkpoint): Position {
  if (!/^\d+$/.test(checkpoint.transactionId) || !Number.isSafeInteger(checkpoint.globalPosition) || checkpoint.globalPosition < 0) {
    throw new TypeError(`Not an EventStoreDB checkpoint: ${JSON.stringify(checkpoint)}`);
  }
  return { commit: BigInt(checkpoint.transactionId), prepare: BigInt(checkpoint.globalPosition) };
}

/** Orders positions as $all does. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** ESDB's own records in $all: stats, metadata, links of the system projections, settings. */
export function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

// The client's error types (ErrorType) and raw gRPC status codes that mean "the server cannot be
// reached or did not answer in time", as opposed to a refused request.
const UNAVAILABLE_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader']);
const UNAVAILABLE_GRPC_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

export function isEsdbConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  if (typeof type === 'string') return UNAVAILABLE_TYPES.has(type);
  return typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code);
}

export function isWrongExpectedVersion(error: unknown): error is { actualVersion?: CurrentRevision } {
  return (error as { type?: unknown } | null)?.type === 'wrong-expected-version';
}

export function isStreamNotFound(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'stream-not-found';
}
