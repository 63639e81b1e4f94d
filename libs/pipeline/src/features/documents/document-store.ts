import { createReadStream, createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDatabase } from '@app/platform';

/**
 * Chunk size in the database (and read size from a directory): enough to stream fast, small enough to stay light.
 * Every chunk an upload stages is one pending buffer and one copy in pg's Bind message; 8 uploads at once hold
 * 8 of each, and whatever is held across two scavenges moves into V8's old generation as garbage until the next full GC.
 */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks of one upload being written to the database at once (each its own statement, on its own connection). */
export const CHUNKS_IN_FLIGHT = 2;
/** Chunk buffers beyond each upload's first, shared by all uploads of a store (each CHUNK_BYTES). */
export const SPARE_CHUNK_BUFFERS = 4;
/** A stored chunk is read back in slices of this size (see DatabaseDocumentStore.read). */
export const READ_SLICE_BYTES = 32 * 1024;

/** An upload being written: its bytes are staged and invisible until `promote`. */
export interface StagedUpload {
  readonly uploadId: string;
  write(chunk: Buffer): Promise<void>;
  /** Every byte is staged: from now the upload may be promoted (at once, or by the sweep once its event is found). */
  complete(sha256: string, size: number): Promise<void>;
  /** Removes whatever was staged. */
  discard(): Promise<void>;
}

export interface LeftoverUpload {
  uploadId: string;
  projectId: string;
  documentId: string;
  sha256: string | null;
}

/** Content-addressed bytes: written once under their sha256, never changed or deleted. */
export interface DocumentStore {
  readonly kind: 'database' | 'directory';
  begin(uploadId: string, projectId: string, documentId: string): Promise<StagedUpload>;
  /** Makes a completed upload's bytes the content of `sha256` (a second copy of the same content is dropped). */
  promote(uploadId: string, sha256: string): Promise<void>;
  /** The stored bytes of `sha256`, in order; null when nothing is stored under it. */
  read(sha256: string): Promise<AsyncIterable<Buffer> | null>;
  /** Uploads staged and untouched for `graceSeconds` (none of `live`). */
  leftovers(graceSeconds: number, live: ReadonlySet<string>): Promise<LeftoverUpload[]>;
}

/** Chunks in the database itself: a backup of the database is a backup of the documents. */
export class DatabaseDocumentStore implements DocumentStore {
  readonly kind = 'database';
  /** Chunk buffers held by uploads beyond their first (see begin), store-wide. */
  private sparesInUse = 0;

  constructor(private readonly db: SqlDatabase) {}

  async begin(uploadId: string, projectId: string, documentId: string): Promise<StagedUpload> {
    const db = this.db;
    await db.query('INSERT INTO document_uploads (upload_id, project_id, document_id) VALUES ($1, $2, $3)', [uploadId, projectId, documentId]);
    let seq = 0;
    // Chunk buffers, filled in place and reused: one being filled while up to CHUNKS_IN_FLIGHT are being written, so
    // the next bytes arrive while PostgreSQL stores the last ones (on two connections of the pool when the server has
    // them). An upload makes no garbage of its own per chunk. Beyond its first buffer an upload takes spares from a
    // store-wide budget: many uploads at once keep the database busy anyway and would only hold more memory.
    const free: Buffer[] = [];
    let spares = 0;
    let pending: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    const nextBuffer = async (): Promise<Buffer> => {
      for (;;) {
        const reused = free.pop();
        if (reused) return reused;
        if (spares < CHUNKS_IN_FLIGHT && this.sparesInUse < SPARE_CHUNK_BUFFERS) {
          spares++;
          this.sparesInUse++;
          return Buffer.allocUnsafeSlow(CHUNK_BYTES);
        }
        await Promise.race(inFlight);
      }
    };
    const release = () => {
      this.sparesInUse -= spares;
      spares = 0;
    };
    let pendingBytes = 0;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    let touchedAt = 0;
    const written = async (data: Buffer, at: number, touch: boolean) => {
      // A staged chunk need not be durable on its own (its transaction commits without waiting for the WAL flush): the
      // upload's completion (a synchronous commit) flushes the WAL up to it, and a crash before that leaves a staged
      // upload that is removed anyway. The upload's touched_at is renewed at most once a second, so chunks written at
      // once never wait for each other on its row lock.
      const stage = `INSERT INTO document_chunks (upload_id, seq, data)
         SELECT $1::uuid, $2::integer, $3::bytea WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL`;
      await db.query(touch ? `WITH touched AS (UPDATE document_uploads SET touched_at = now() WHERE upload_id = $1) ${stage}` : stage, [
        uploadId,
        at,
        data,
      ]);
    };
    const settle = async () => {
      while (inFlight.size > 0) await Promise.race(inFlight);
      if (failure !== null) throw failure;
    };
    const flush = async () => {
      if (failure !== null) throw failure;
      if (pendingBytes === 0) return;
      const buffer = pending;
      const data = buffer.subarray(0, pendingBytes);
      const now = Date.now();
      const touch = now - touchedAt >= 1000;
      if (touch) touchedAt = now;
      const write: Promise<void> = written(data, seq++, touch).then(
        () => {
          free.push(buffer);
          inFlight.delete(write);
        },
        (error: unknown) => {
          failure ??= error;
          free.push(buffer);
          inFlight.delete(write);
        },
      );
      inFlight.add(write);
      pendingBytes = 0;
      pending = await nextBuffer();
      if (failure !== null) throw failure;
    };
    return {
      uploadId,
      async write(chunk) {
        let rest = chunk;
        while (rest.length > 0) {
          const take = Math.min(rest.length, CHUNK_BYTES - pendingBytes);
          rest.copy(pending, pendingBytes, 0, take);
          pendingBytes += take;
          rest = rest.subarray(take);
          if (pendingBytes === CHUNK_BYTES) await flush();
        }
      },
      async complete(sha256, size) {
        try {
          await flush();
          await settle();
        } finally {
          release();
        }
        await db.query('UPDATE document_uploads SET sha256 = $2, size = $3, touched_at = now() WHERE upload_id = $1', [uploadId, sha256, size]);
      },
      async discard() {
        pendingBytes = 0;
        // Chunks still being written would land after the delete.
        await settle().catch(() => undefined);
        release();
        await db.transaction(async (tx) => {
          await tx.query('DELETE FROM document_chunks WHERE upload_id = $1', [uploadId]);
          await tx.query('DELETE FROM document_uploads WHERE upload_id = $1', [uploadId]);
        });
      },
    };
  }

  async promote(uploadId: string, sha256: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ size: string | number }>('SELECT size FROM document_uploads WHERE upload_id = $1 FOR UPDATE', [uploadId]);
      if (rows.length === 0) return;
      const kept = await tx.query(
        'INSERT INTO document_blobs (sha256, upload_id, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING RETURNING sha256',
        [sha256, uploadId, Number(rows[0].size)],
      );
      // The same content was stored before: this copy goes.
      if (kept.rowCount === 0) await tx.query('DELETE FROM document_chunks WHERE upload_id = $1', [uploadId]);
      await tx.query('DELETE FROM document_uploads WHERE upload_id = $1', [uploadId]);
    });
  }

  async read(sha256: string): Promise<AsyncIterable<Buffer> | null> {
    const { rows } = await this.db.query<{ upload_id: string }>('SELECT upload_id FROM document_blobs WHERE sha256 = $1', [sha256]);
    if (rows.length === 0) return null;
    const uploadId = rows[0].upload_id;
    const db = this.db;
    return {
      async *[Symbol.asyncIterator]() {
        // A stored chunk comes back in slices, one row each: pg receives bytea as hex text, and one 512 KiB chunk in one
        // row is a 1 MiB string plus a protocol buffer grown by doubling to hold it (megabytes of garbage per chunk,
        // kept as resident memory). Slices of READ_SLICE_BYTES stay small, short-lived objects; with the chunks stored
        // uncompressed (STORAGE EXTERNAL) PostgreSQL reads only the slice's part of the value.
        const fetch = (seq: number) =>
          db.query<{ data: Uint8Array }>(
            `SELECT substring(c.data FROM s.at FOR $3) AS data
               FROM document_chunks c, generate_series(1, octet_length(c.data), $3) AS s(at)
              WHERE c.upload_id = $1 AND c.seq = $2 ORDER BY s.at`,
            [uploadId, seq, READ_SLICE_BYTES],
          );
        // The next chunk is asked for while this one is being sent: the database and the socket work at once.
        let next = fetch(0);
        for (let seq = 0; ; seq++) {
          const chunk = await next;
          if (chunk.rows.length === 0) return;
          next = fetch(seq + 1);
          next.catch(() => undefined);
          for (const row of chunk.rows) yield bytes(row.data);
        }
      },
    };
  }

  async leftovers(graceSeconds: number, live: ReadonlySet<string>): Promise<LeftoverUpload[]> {
    const { rows } = await this.db.query<{ upload_id: string; project_id: string; document_id: string; sha256: string | null }>(
      `SELECT upload_id, project_id, document_id, sha256 FROM document_uploads
        WHERE touched_at <= now() - make_interval(secs => $1) ORDER BY started_at`,
      [graceSeconds],
    );
    return rows
      .filter((r) => !live.has(r.upload_id))
      .map((r) => ({ uploadId: r.upload_id, projectId: r.project_id, documentId: r.document_id, sha256: r.sha256 }));
  }

  /** Removes a leftover's staged chunks and its row. */
  async remove(uploadId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM document_chunks WHERE upload_id = $1', [uploadId]);
      await tx.query('DELETE FROM document_uploads WHERE upload_id = $1', [uploadId]);
    });
  }
}

/**
 * Files in a directory (DOCUMENT_STORE): objects/<first two hex digits>/<sha256>, read-only; uploads are staged in
 * staging/<uploadId> and linked into place (never over an existing file). The upload rows stay in the database, so a
 * killed upload is found and removed at the next start as in the database store.
 */
export class DirectoryDocumentStore implements DocumentStore {
  readonly kind = 'directory';

  constructor(
    private readonly db: SqlDatabase,
    private readonly root: string,
  ) {}

  async init(): Promise<void> {
    await mkdir(join(this.root, 'staging'), { recursive: true });
    await mkdir(join(this.root, 'objects'), { recursive: true });
  }

  objectPath(sha256: string): string {
    return join(this.root, 'objects', sha256.slice(0, 2), sha256);
  }

  private stagingPath(uploadId: string): string {
    return join(this.root, 'staging', uploadId);
  }

  async begin(uploadId: string, projectId: string, documentId: string): Promise<StagedUpload> {
    await this.db.query('INSERT INTO document_uploads (upload_id, project_id, document_id) VALUES ($1, $2, $3)', [uploadId, projectId, documentId]);
    const path = this.stagingPath(uploadId);
    const out: WriteStream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    const opened = new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject));
    await opened;
    const db = this.db;
    return {
      uploadId,
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          const ok = out.write(chunk, (error) => (error ? reject(error) : ok ? resolve() : undefined));
          if (!ok) out.once('drain', resolve);
        }),
      async complete(sha256, size) {
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
        const handle = await open(path, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await db.query('UPDATE document_uploads SET sha256 = $2, size = $3, touched_at = now() WHERE upload_id = $1', [uploadId, sha256, size]);
      },
      async discard() {
        out.destroy();
        await unlink(path).catch(() => undefined);
        await db.query('DELETE FROM document_uploads WHERE upload_id = $1', [uploadId]);
      },
    };
  }

  async promote(uploadId: string, sha256: string): Promise<void> {
    const staged = this.stagingPath(uploadId);
    const target = this.objectPath(sha256);
    await mkdir(join(this.root, 'objects', sha256.slice(0, 2)), { recursive: true });
    try {
      await chmod(staged, 0o444);
      await link(staged, target);
    } catch (error) {
      // EEXIST: the same content is stored already; ENOENT: promoted before (a sweep after a crash).
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOENT') throw error;
    }
    await unlink(staged).catch(() => undefined);
    await this.db.query('DELETE FROM document_uploads WHERE upload_id = $1', [uploadId]);
  }

  async read(sha256: string): Promise<AsyncIterable<Buffer> | null> {
    const path = this.objectPath(sha256);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path, { highWaterMark: CHUNK_BYTES });
  }

  async leftovers(graceSeconds: number, live: ReadonlySet<string>): Promise<LeftoverUpload[]> {
    const { rows } = await this.db.query<{ upload_id: string; project_id: string; document_id: string; sha256: string | null }>(
      `SELECT upload_id, project_id, document_id, sha256 FROM document_uploads
        WHERE touched_at <= now() - make_interval(secs => $1) ORDER BY started_at`,
      [graceSeconds],
    );
    return rows
      .filter((r) => !live.has(r.upload_id))
      .map((r) => ({ uploadId: r.upload_id, projectId: r.project_id, documentId: r.document_id, sha256: r.sha256 }));
  }

  async remove(uploadId: string): Promise<void> {
    await unlink(this.stagingPath(uploadId)).catch(() => undefined);
    await this.db.query('DELETE FROM document_uploads WHERE upload_id = $1', [uploadId]);
  }

  /** Staged files without an upload row (killed between the file and the row), older than the grace. */
  async strayStagedFiles(graceSeconds: number, live: ReadonlySet<string>): Promise<number> {
    const dir = join(this.root, 'staging');
    const { rows } = await this.db.query<{ upload_id: string }>('SELECT upload_id FROM document_uploads');
    const known = new Set(rows.map((r) => r.upload_id));
    let removed = 0;
    for (const name of await readdir(dir)) {
      if (known.has(name) || live.has(name)) continue;
      const info = await stat(join(dir, name)).catch(() => null);
      if (info && Date.now() - info.mtimeMs >= graceSeconds * 1000) {
        await unlink(join(dir, name)).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }
}

export type SweepableStore = (DatabaseDocumentStore | DirectoryDocumentStore) & { remove(uploadId: string): Promise<void> };

// pg returns bytea as a Buffer, PGlite as a Uint8Array.
function bytes(value: Uint8Array | Buffer | string): Buffer {
  if (typeof value === 'string') return Buffer.from(value.replace(/^\\x/, ''), 'hex');
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
