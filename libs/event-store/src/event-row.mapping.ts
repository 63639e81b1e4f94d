import { Checkpoint, EventMetadata, RecordedEvent } from './event-store.port';

// Rows as the drivers hand them over: pg gives bigint as string, PGlite as number (or BigInt);
// xid8 comes as a string; recorded_at as ISO text (EVENT_COLUMNS), or a Date where a query selects the timestamptz.
export interface EventRow {
  global_position: unknown;
  transaction_id: unknown;
  event_id: string;
  stream_id: string;
  stream_revision: unknown;
  type: string;
  schema_version: unknown;
  data: unknown;
  metadata: unknown;
  recorded_at: unknown;
}

/**
 * The columns every read selects, in the shape of EventRow. The instant comes formatted as toIsoTimestamp gives
 * it (milliseconds, UTC): parsing a timestamptz into a Date and formatting it again was a fifth of a read's time.
 */
export const EVENT_COLUMNS = `global_position, transaction_id, event_id, stream_id, stream_revision, type,
  schema_version, data, metadata, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function toRecordedEvent(row: EventRow): RecordedEvent {
  const globalPosition = toSafeInteger(row.global_position, 'global_position');
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: toSafeInteger(row.schema_version, 'schema_version'),
    data: row.data,
    metadata: row.metadata as EventMetadata,
    streamId: row.stream_id,
    revision: toSafeInteger(row.stream_revision, 'stream_revision'),
    globalPosition,
    recordedAt: toIsoTimestamp(row.recorded_at, 'recorded_at'),
    checkpoint: { transactionId: toDecimalString(row.transaction_id, 'transaction_id'), globalPosition },
  };
}

export function toSafeInteger(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  if (typeof n === 'bigint' && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(n);
  }
  throw new TypeError(`${field}: expected a safe integer, got ${String(value)}`);
}

export function toDecimalString(value: unknown, field: string): string {
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    return value.toString();
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  throw new TypeError(`${field}: expected an unsigned decimal, got ${String(value)}`);
}

export function toIsoTimestamp(value: unknown, field: string): string {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return value;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new TypeError(`${field}: expected a timestamp, got ${String(value)}`);
  }
  return date.toISOString();
}

/** Orders checkpoints as delivery does: by transaction id, then global position. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return Math.sign(a.globalPosition - b.globalPosition);
}
