import { createHash } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import type { AllStreamRecordedEvent, JSONEventData, JSONType } from '@eventstore/db-client';
import type { EventMetadata, NewEvent } from '../event-store.port';
import { ExportManifest, GENESIS_HASH, StreamHead } from '../transfer/export-format';
import type { TransferProgress } from '../transfer/export-store';
import { chainHashOf, checkAgainstManifest, fileLines, ImportRefusedError, ImportRow, parseLine } from '../transfer/import-store';
import {
  ImportedFrom,
  isSystemEvent,
  isWrongExpectedVersion,
  RESERVED_METADATA_KEYS,
  storedEventId,
  StoredMetadata,
  uuidV5,
} from './eventstoredb.mapping';

// `npm run import -- --from <export>` when the service's events live in EventStoreDB (EVENTSTORE_URL): the export's
// events are written as the EventStoreDB adapter writes them, so the service reads them as its own.
//
// Kept: event ids (the stored ESDB id is derived from the idempotency key where there is one, as the adapter does for
// every append), stream names and revisions, the order of $all, type, schema version, data and metadata as JSON
// values, and, in the adapter's `imported` metadata, each event's recordedAt (reported as the event's recordedAt, so
// as-of views are unchanged), its global position there, prevHash and hash (each stream's last hash is compared with
// the manifest). Not kept: global positions (ESDB's are log offsets), ESDB's own `created` (the time of the import),
// the exact jsonb text of data and metadata (ESDB stores JSON as the client writes it: 1.50 reads back as 1.5, integers
// past 2^53 are rounded), so ESDB cannot recompute the hash chain itself; every hash is recomputed here, before
// anything is written.
//
// ESDB has no transaction over several streams: the whole file is checked first (nothing is written if any line is
// bad), then written in file order, one append per run of consecutive events of one stream, each with its expected
// revision. A killed import is resumed by running it again: it continues after the last event the store holds.

export interface EventStoreDbImportOptions {
  manifest?: ExportManifest;
  /** The adapter's namespace (empty in production). */
  namespace?: string;
  onProgress?: (progress: TransferProgress) => void;
}

export interface EventStoreDbImportResult {
  events: number;
  streams: number;
  /** Lines already in the store from an earlier, interrupted run of this import (skipped). */
  resumedAfter: number;
}

/** One append: consecutive events of one stream, in file order. */
export interface PlannedAppend {
  streamId: string;
  /** The revision before the first event (-1: the stream is new). */
  after: number;
  events: JSONEventData[];
  /** The events' lines (1-based) and the last one's global position in the export. */
  firstLine: number;
  lastLine: number;
  lastGlobalPosition: number;
}

/** `url` as EVENTSTORE_URL takes it. */
export async function importIntoEventStoreDbAt(
  url: string,
  file: string,
  options: EventStoreDbImportOptions = {},
): Promise<EventStoreDbImportResult> {
  const client = EventStoreDBClient.connectionString(url);
  try {
    return await importIntoEventStoreDb(client, file, options);
  } finally {
    await client.dispose();
  }
}

export async function importIntoEventStoreDb(
  client: EventStoreDBClient,
  file: string,
  options: EventStoreDbImportOptions = {},
): Promise<EventStoreDbImportResult> {
  const namespace = options.namespace ?? '';
  const progress = options.onProgress ?? (() => undefined);
  const total = options.manifest?.events.count;

  // 1. The whole file, checked as the PostgreSQL import checks it (here the hashes are recomputed in this process).
  const checked = await checkFile(file, options.manifest);

  // 2. Where to start: an empty store, or one holding exactly the start of this file (an interrupted run).
  const last = await lastEvent(client, namespace);
  let resumeAfter = 0;
  if (last) {
    const imported = (last.metadata as Partial<StoredMetadata> | undefined)?.imported;
    const at = imported ? await lineOfPosition(file, imported.globalPosition) : undefined;
    if (!imported || at === undefined || imported.hash !== at.hash) {
      throw new ImportRefusedError(
        null,
        'the event store is not empty: an import only goes into an empty store (or resumes its own interrupted run)',
      );
    }
    resumeAfter = at.line;
  }

  // 3. The appends, in file order.
  for await (const append of planAppends(file, resumeAfter)) {
    try {
      await client.appendToStream(namespace + append.streamId, append.events, {
        expectedRevision: append.after < 0 ? NO_STREAM : BigInt(append.after),
      });
    } catch (error) {
      if (isWrongExpectedVersion(error)) {
        // Not a refusal of the file: lines before this one are written (run the import again once the store is yours).
        throw new Error(
          `line ${append.firstLine}: stream ${append.streamId} changed in EventStoreDB while importing (expected revision ${append.after})`,
          { cause: error },
        );
      }
      throw error;
    }
    progress({ phase: 'events', done: append.lastLine, total });
  }
  return { events: checked.count, streams: checked.streams, resumedAfter: resumeAfter };
}

interface CheckedFile {
  count: number;
  streams: number;
}

// Every line parsed, linked and its hash recomputed; the manifest compared. Throws ImportRefusedError with the line.
async function checkFile(file: string, manifest: ExportManifest | undefined): Promise<CheckedFile> {
  const heads = new Map<string, StreamHead>();
  const fileHash = createHash('sha256');
  let lastPosition = 0;
  let line = 0;
  for await (const text of fileLines(file, fileHash)) {
    line++;
    const row = parseLine(text, line);
    if (row.p <= lastPosition)
      throw new ImportRefusedError(line, `global position ${row.p} does not follow ${lastPosition}`);
    const head = heads.get(row.s);
    const expectedRevision = head ? head.revision + 1 : 0;
    if (row.r !== expectedRevision) {
      throw new ImportRefusedError(
        line,
        `stream ${row.s} revision ${row.r}, expected revision ${expectedRevision} (an event is missing or out of order)`,
      );
    }
    if (row.ph !== (head?.hash ?? GENESIS_HASH)) {
      throw new ImportRefusedError(
        line,
        `event ${row.id}: prevHash does not link to the hash of stream ${row.s}'s previous event (chain broken)`,
      );
    }
    if (chainHashOf(row) !== row.h) {
      throw new ImportRefusedError(
        line,
        `event ${row.id} (stream ${row.s} revision ${row.r}): its content does not match its hash (altered)`,
      );
    }
    toNewEvent(row); // refuses what the adapter could not store
    heads.set(row.s, { revision: row.r, hash: row.h });
    lastPosition = row.p;
  }
  if (manifest) checkAgainstManifest(manifest, line, heads, fileHash.digest('hex'));
  return { count: line, streams: heads.size };
}

// The line (1-based) and hash of the event at a global position of the export, if it has one.
async function lineOfPosition(file: string, position: number): Promise<{ line: number; hash: string } | undefined> {
  let line = 0;
  for await (const text of fileLines(file)) {
    line++;
    const row = parseLine(text, line);
    if (row.p === position) return { line, hash: row.h };
    if (row.p > position) return undefined;
  }
  return undefined;
}

/** The appends that write the file's lines after `skipLines`, each a run of consecutive events of one stream. */
export async function* planAppends(file: string, skipLines = 0, maxRun = 500): AsyncGenerator<PlannedAppend> {
  const appends = new AppendIds();
  let run: PlannedAppend | null = null;
  let line = 0;
  for await (const text of fileLines(file)) {
    line++;
    const row = parseLine(text, line);
    const event = toEsdbEvent(row, appends);
    if (line <= skipLines) continue;
    if (run && (run.streamId !== row.s || run.events.length >= maxRun)) {
      yield run;
      run = null;
    }
    run ??= {
      streamId: row.s,
      after: row.r - 1,
      events: [],
      firstLine: line,
      lastLine: line,
      lastGlobalPosition: row.p,
    };
    run.events.push(event);
    run.lastLine = line;
    run.lastGlobalPosition = row.p;
  }
  if (run) yield run;
}

/** The line's event as the adapter's append would have stored it, with what it brought along (`imported`). */
export function toEsdbEvent(row: ImportRow, appends: AppendIds): JSONEventData {
  const event = toNewEvent(row);
  const { appendId, index } = appends.of(row, event);
  const imported: ImportedFrom = { globalPosition: row.p, recordedAt: row.rec, prevHash: row.ph, hash: row.h };
  const { correlationId, causationId } = event.metadata;
  const metadata: StoredMetadata = {
    ...event.metadata,
    schemaVersion: event.schemaVersion,
    eventId: event.eventId,
    appendId,
    ...(correlationId !== undefined && { $correlationId: correlationId }),
    ...(causationId !== undefined && { $causationId: causationId }),
    imported,
  };
  return jsonEvent({
    id: storedEventId(row.s, event, index),
    type: event.type,
    data: event.data as JSONType,
    metadata,
  }) as JSONEventData;
}

function toNewEvent(row: ImportRow): NewEvent {
  const metadata = JSON.parse(row.m) as unknown;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new ImportRefusedError(
      row.line,
      'metadata: expected a JSON object (the EventStoreDB adapter stores metadata as one)',
    );
  }
  const reserved = RESERVED_METADATA_KEYS.filter((k) => k in metadata);
  if (reserved.length)
    throw new ImportRefusedError(
      row.line,
      `metadata uses ${reserved.join(', ')}, which the EventStoreDB adapter keeps for itself`,
    );
  if (row.s.startsWith('$'))
    throw new ImportRefusedError(row.line, `stream ${row.s}: names starting with $ are EventStoreDB's own`);
  return {
    eventId: row.id,
    type: row.t,
    schemaVersion: row.v,
    data: JSON.parse(row.d) as unknown,
    metadata: metadata as EventMetadata,
  };
}

/**
 * Which original append each event belonged to, as far as the export tells: the events of a stream that carry one
 * idempotency key are one append (the key's column is set on its first event), so they get one appendId and their
 * index in it, and a retry of that command is recognised by the adapter as before. Other events: an append each.
 */
export class AppendIds {
  private readonly keyed = new Map<string, { key: string; first: number; appendId: string }>();

  of(row: ImportRow, event: NewEvent): { appendId: string; index: number } {
    const key = event.metadata.idempotencyKey;
    if (typeof key !== 'string') return { appendId: uuidV5(`import\n${row.s}\n${row.id}`), index: 0 };
    let current = this.keyed.get(row.s);
    if (row.k !== null || !current || current.key !== key) {
      current = { key, first: row.r, appendId: uuidV5(`import\n${row.s}\n${key}`) };
      this.keyed.set(row.s, current);
    }
    return { appendId: current.appendId, index: row.r - current.first };
  }
}

// The store's last event in $all (system events and other namespaces left out), or null.
async function lastEvent(client: EventStoreDBClient, namespace: string): Promise<AllStreamRecordedEvent | null> {
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END });
  try {
    for await (const { event } of read) {
      if (event && !isSystemEvent(event) && event.streamId.startsWith(namespace)) return event;
    }
    return null;
  } finally {
    await read.cancel();
    read.destroy();
  }
}
