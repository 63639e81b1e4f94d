import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@app/platform';

export type IntegrityProblemKind =
  /** The row's content no longer matches the hash stored with it: edited outside the application. */
  | 'altered'
  /** Revisions are missing (a gap, or the stream's last events): rows were deleted. */
  | 'removed'
  /** The event sits before an event that was recorded earlier: revisions were swapped. */
  | 'reordered'
  /** The row does not link to the hash of the stored event before it (rewritten, or renumbered after a removal). */
  | 'chain_broken'
  /** A document's bytes, named by the event that recorded them, are not in the document store. */
  | 'document_missing'
  /** A document's stored bytes no longer match the sha256 (or size) its event recorded. */
  | 'document_altered';

export interface IntegrityProblem {
  kind: IntegrityProblemKind;
  streamId: string;
  /** The stored revision of the event named; for removed, the first missing revision. */
  revision: number;
  /** The event named; null for removed (its id went with its row). */
  eventId: string | null;
  globalPosition: number | null;
  detail: string;
  /** For a document problem: the document and the sha256 its event recorded. */
  documentId?: string;
  sha256?: string;
}

/** A further check of what the events vouch for (the evidence documents' bytes), added to the same report. */
export interface IntegrityCheck {
  verify(): Promise<{ checked: number; problems: IntegrityProblem[] }>;
}
export const DOCUMENT_INTEGRITY_CHECK = 'DOCUMENT_INTEGRITY_CHECK';

export interface IntegrityReport {
  ok: boolean;
  checkedAt: string;
  streams: number;
  events: number;
  /** Documents checked against their recorded sha256, when the document store is part of the check. */
  documents?: number;
  problems: IntegrityProblem[];
}

interface ChainRow {
  global_position: string | number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  prev_hash: Uint8Array | Buffer | string;
  hash: Uint8Array | Buffer | string;
  content: string;
}

const GENESIS = Buffer.alloc(32);
const PAGE = 2000;

/**
 * Walks every stream in revision order, recomputing each event's hash in Node from the stored row
 * (the database supplies only the canonical text, `event_chain_content`), and checks the links between them.
 */
export async function verifyEventStore(db: SqlExecutor, now: () => Date = () => new Date()): Promise<IntegrityReport> {
  const problems: IntegrityProblem[] = [];
  let events = 0;
  let streams = 0;
  let current = null as { streamId: string; revision: number; hash: Buffer; position: number } | null;
  const streamRevisions = new Map<string, number>();
  // Hashes of this stream's events already named; see linksToMovedEvent.
  const flagged = new Set<string>();
  const linksToMovedEvent = (prev: Buffer) => flagged.has(prev.toString('hex'));
  for (const r of (await db.query<{ stream_id: string; revision: number }>('SELECT stream_id, revision FROM streams')).rows) {
    streamRevisions.set(r.stream_id, Number(r.revision));
  }
  const finish = (last: { streamId: string; revision: number } | null) => {
    if (!last) return;
    const declared = streamRevisions.get(last.streamId);
    if (declared !== undefined && declared > last.revision) {
      problems.push({
        kind: 'removed',
        streamId: last.streamId,
        revision: last.revision + 1,
        eventId: null,
        globalPosition: null,
        detail: `The stream is at revision ${declared}, but its last stored event is revision ${last.revision}.`,
      });
    }
    streamRevisions.delete(last.streamId);
  };

  // Keyset pages over (stream_id, stream_revision): constant memory however large the store.
  let after: [string, number] = ['', -1];
  for (;;) {
    const { rows } = await db.query<ChainRow>(
      `SELECT e.global_position, e.event_id, e.stream_id, e.stream_revision, e.prev_hash, e.hash,
              event_chain_content(e) AS content
         FROM events AS e
        WHERE (e.stream_id, e.stream_revision) > ($1, $2)
        ORDER BY e.stream_id, e.stream_revision
        LIMIT ${PAGE}`,
      after,
    );
    for (const row of rows) {
      events++;
      const revision = Number(row.stream_revision);
      const position = Number(row.global_position);
      const stored = bytes(row.hash);
      const prev = bytes(row.prev_hash);
      const name = { streamId: row.stream_id, revision, eventId: row.event_id, globalPosition: position };
      if (current?.streamId !== row.stream_id) {
        finish(current);
        flagged.clear();
        streams++;
        current = { streamId: row.stream_id, revision: -1, hash: GENESIS, position: 0 };
      }
      if (revision > current.revision + 1) {
        problems.push({
          kind: 'removed',
          streamId: row.stream_id,
          revision: current.revision + 1,
          eventId: null,
          globalPosition: null,
          detail: `Revisions ${current.revision + 1}..${revision - 1} are missing; the next stored event is ${row.event_id} (revision ${revision}).`,
        });
      } else if (position < current.position) {
        problems.push({ kind: 'reordered', ...name, detail: `Recorded before the event now at revision ${current.revision}.` });
      } else if (!prev.equals(current.hash) && !linksToMovedEvent(prev)) {
        // (An event that links to one already named as moved keeps its place: the move is named, not it.)
        problems.push({ kind: 'chain_broken', ...name, detail: 'The event does not link to the hash of the event before it.' });
      }
      const recomputed = createHash('sha256').update(prev).update(row.content, 'utf8').digest();
      if (!recomputed.equals(stored)) {
        problems.push({ kind: 'altered', ...name, detail: 'The stored row no longer matches the hash recorded with it.' });
      }
      if (problems.length && problems[problems.length - 1].eventId === row.event_id) flagged.add(stored.toString('hex'));
      current = { streamId: row.stream_id, revision, hash: stored, position };
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after = [last.stream_id, Number(last.stream_revision)];
  }
  finish(current);
  // Streams the store knows but whose every event is gone.
  for (const [streamId, declared] of streamRevisions) {
    problems.push({
      kind: 'removed',
      streamId,
      revision: 0,
      eventId: null,
      globalPosition: null,
      detail: `The stream is at revision ${declared}, but none of its events is stored.`,
    });
  }
  return { ok: problems.length === 0, checkedAt: now().toISOString(), streams, events, problems };
}

// pg returns bytea as a Buffer, PGlite as a Uint8Array.
function bytes(value: Uint8Array | Buffer | string): Buffer {
  if (typeof value === 'string') return Buffer.from(value.replace(/^\\x/, ''), 'hex');
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
