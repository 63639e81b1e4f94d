// The format of `npm run export` (read by `npm run import` and scripts/verify-export.mjs). README: "Export and import".
//
// events.ndjson: one event per line, in global position order. Every column the hash chain covers is there, as
// stored: data and metadata are PostgreSQL's own jsonb text (so numbers keep their digits), instants in UTC with
// microseconds. hash = sha256(prevHash ‖ canonical content), chained per stream from 32 zero bytes.

export const EXPORT_FORMAT = 'medtech-pipeline-export';
export const EXPORT_FORMAT_VERSION = 1;
export const EVENTS_FILE = 'events.ndjson';
export const MANIFEST_FILE = 'manifest.json';
export const GENESIS_HASH = '0'.repeat(64);

/** One line of events.ndjson (data and metadata: any JSON). */
export interface ExportedEvent {
  globalPosition: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  actorId: string | null;
  reason: string | null;
  correlationId: string | null;
  /** Stored on the first event of an append only. */
  idempotencyKey: string | null;
  /** UTC, microseconds: 2025-01-10T00:00:00.000000Z */
  occurredAt: string;
  recordedAt: string;
  data: unknown;
  metadata: unknown;
  prevHash: string;
  hash: string;
}

export interface StreamHead {
  revision: number;
  hash: string;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  exportedAt: string;
  source: { engine: string };
  events: { file: string; count: number; lastGlobalPosition: number; sha256: string };
  /** Each stream's last revision and hash: compare with a later export or `npm run verify`. */
  streams: { count: number; heads: Record<string, StreamHead> };
  /** The store's own chain check (verifyEventStore), run in the export's snapshot. */
  chainCheck: { ok: boolean; checkedAt: string; events: number; streams: number; problems: unknown[] };
  readModels: { table: string; file: string; rows: number; columns: string[] }[];
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const HEX_HASH = /^[0-9a-f]{64}$/;
export const MICRO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
