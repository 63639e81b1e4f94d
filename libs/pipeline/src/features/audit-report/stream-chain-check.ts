import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@app/platform';

export interface StreamChainProblem {
  kind: 'altered' | 'removed' | 'reordered' | 'chain_broken';
  revision: number;
  detail: string;
}

/** The hash chain of one stream as stored at `checkedAt`: the same rules as `verifyEventStore`, for one stream. */
export interface StreamChainCheck {
  ok: boolean;
  checkedAt: string;
  events: number;
  lastRevision: number | null;
  /** sha256 (hex) of the stream's last stored event: compare it with a later check or an export's manifest. */
  lastHash: string | null;
  /** Each stored event's hash by revision, so a report of a past instant can name the last event it shows. */
  hashes: Map<number, string>;
  problems: StreamChainProblem[];
}

interface ChainRow {
  global_position: string | number;
  stream_revision: number;
  prev_hash: Uint8Array | Buffer | string;
  hash: Uint8Array | Buffer | string;
  content: string;
}

const GENESIS = Buffer.alloc(32);

// A project's stream holds hundreds of events, not millions: one read, recomputed in Node from the canonical
// text the database defines once (event_chain_content), as verify does for the whole store.
export async function checkStreamChain(db: SqlExecutor, streamId: string, now: Date): Promise<StreamChainCheck> {
  const { rows } = await db.query<ChainRow>(
    `SELECT e.global_position, e.stream_revision, e.prev_hash, e.hash, event_chain_content(e) AS content
       FROM events AS e WHERE e.stream_id = $1 ORDER BY e.stream_revision`,
    [streamId],
  );
  const declared = (await db.query<{ revision: number }>('SELECT revision FROM streams WHERE stream_id = $1', [streamId])).rows[0];
  const problems: StreamChainProblem[] = [];
  const hashes = new Map<number, string>();
  let previous: { revision: number; hash: Buffer; position: number } = { revision: -1, hash: GENESIS, position: 0 };
  for (const row of rows) {
    const revision = Number(row.stream_revision);
    const position = Number(row.global_position);
    const stored = bytes(row.hash);
    const prev = bytes(row.prev_hash);
    if (revision > previous.revision + 1) {
      problems.push({ kind: 'removed', revision: previous.revision + 1, detail: `Revisions ${previous.revision + 1}..${revision - 1} are missing.` });
    } else if (position < previous.position) {
      problems.push({ kind: 'reordered', revision, detail: `Recorded before the event now at revision ${previous.revision}.` });
    } else if (!prev.equals(previous.hash)) {
      problems.push({ kind: 'chain_broken', revision, detail: 'The event does not link to the hash of the event before it.' });
    }
    if (!createHash('sha256').update(prev).update(row.content, 'utf8').digest().equals(stored)) {
      problems.push({ kind: 'altered', revision, detail: 'The stored row no longer matches the hash recorded with it.' });
    }
    hashes.set(revision, stored.toString('hex'));
    previous = { revision, hash: stored, position };
  }
  if (declared && Number(declared.revision) > previous.revision) {
    problems.push({
      kind: 'removed',
      revision: previous.revision + 1,
      detail: `The stream is at revision ${declared.revision}, but its last stored event is revision ${previous.revision}.`,
    });
  }
  const last = rows.length ? previous : null;
  return {
    ok: problems.length === 0,
    checkedAt: now.toISOString(),
    events: rows.length,
    lastRevision: last ? last.revision : null,
    lastHash: last ? last.hash.toString('hex') : null,
    hashes,
    problems,
  };
}

// pg returns bytea as a Buffer, PGlite as a Uint8Array.
function bytes(value: Uint8Array | Buffer | string): Buffer {
  if (typeof value === 'string') return Buffer.from(value.replace(/^\\x/, ''), 'hex');
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
