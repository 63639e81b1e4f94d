import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore, IntegrityCheck, IntegrityProblem } from '@app/event-store';
import { AppConfig, problem, ProblemError, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import {
  canonicalJson,
  CommandAccepted,
  ExecuteProjectCommand,
  foldProject,
  projectStreamId,
  etag,
  requestContext,
} from '../../application';
import type { RequestContext } from '../../application';
import {
  decide,
  DOCUMENT_PURPOSES,
  DOCUMENT_RECORD_KINDS,
  DocumentRecord,
  ProjectCommand,
  ProjectState,
  sanitizeFileName,
} from '../../domain';
import type { DocumentPurpose, DocumentRecordKind } from '../../domain';
import { DatabaseDocumentStore, DirectoryDocumentStore } from './document-store';
import { migrateDocuments } from './documents.migrations';
import { ACTIVE_CONTENT, checkMediaType, normalizeMediaType, SNIFF_BYTES } from './media-type';

/** What an upload asks for: a first document on a record, or a new version of one. */
export type UploadIntent =
  | { type: 'AttachDocument'; projectId: string }
  | { type: 'SupersedeDocument'; projectId: string; supersedes: string };

export interface DocumentAccepted extends CommandAccepted {
  documentId: string;
  sha256: string;
  size: number;
  fileName: string;
  mediaType: string;
}

export interface DocumentIntegrityProblem {
  kind: 'document_missing' | 'document_altered';
  streamId: string;
  revision: number;
  eventId: string;
  documentId: string;
  sha256: string;
  detail: string;
}

// Multipart framing around one file: boundaries, part headers and the few small fields.
const MULTIPART_OVERHEAD = 64 * 1024;
const SWEEP_EVERY_MS = 60_000;

@Injectable()
export class DocumentsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Documents');
  readonly store: DatabaseDocumentStore | DirectoryDocumentStore;
  /** Uploads streaming in this process: never a leftover, whatever the clock says. */
  private readonly live = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly config: AppConfig,
    private readonly commands: CommandBus,
  ) {
    this.store = config.DOCUMENT_STORE ? new DirectoryDocumentStore(db, config.DOCUMENT_STORE) : new DatabaseDocumentStore(db);
  }

  get maxBytes(): number {
    return this.config.DOCUMENT_MAX_BYTES;
  }

  async onModuleInit(): Promise<void> {
    await migrateDocuments(this.db);
    if (this.store instanceof DirectoryDocumentStore) await this.store.init();
  }

  async onApplicationBootstrap(): Promise<void> {
    // The embedded database belongs to this one process: whatever is staged was left by a process that died.
    await this.sweep(this.config.embedded ? 0 : this.config.DOCUMENT_STAGING_GRACE_SECONDS);
    this.timer = setInterval(() => {
      this.sweep(this.config.DOCUMENT_STAGING_GRACE_SECONDS).catch((error: unknown) => this.logger.warn(`Sweep failed: ${String(error)}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Uploads left behind (a process killed mid-upload): one whose event is on the record is made visible, every
   * other one is removed with its bytes. Returns what it did.
   */
  async sweep(graceSeconds: number): Promise<{ promoted: number; removed: number }> {
    let promoted = 0;
    let removed = 0;
    for (const left of await this.store.leftovers(graceSeconds, this.live)) {
      const recorded = left.sha256 !== null && (await this.isRecorded(left.projectId, left.documentId, left.sha256));
      if (recorded) {
        await this.store.promote(left.uploadId, left.sha256!);
        promoted++;
      } else {
        await this.store.remove(left.uploadId);
        removed++;
      }
    }
    if (this.store instanceof DirectoryDocumentStore) removed += await this.store.strayStagedFiles(graceSeconds, this.live);
    if (promoted + removed > 0) this.logger.log(`Staged uploads left behind: ${promoted} completed, ${removed} removed`);
    return { promoted, removed };
  }

  private async isRecorded(projectId: string, documentId: string, sha256: string): Promise<boolean> {
    const state = foldProject(await this.events.readStream(projectStreamId(projectId)));
    return state.documents[documentId]?.sha256 === sha256;
  }

  async state(projectId: string): Promise<ProjectState> {
    const state = foldProject(await this.events.readStream(projectStreamId(projectId)));
    if (!state.profile) throw new ProblemError(problem(404, 'project_not_found', 'Project not found', { detail: `No project ${projectId}` }));
    return state;
  }

  /**
   * Streams one multipart upload into the store: fields first (what the document is for), then the file, hashed
   * as it arrives. The bytes stay staged until the event that records them is appended; any refusal or a cut-off
   * connection removes them. Nothing is ever held whole in memory.
   */
  async upload(req: Request, res: Response, intent: UploadIntent): Promise<DocumentAccepted> {
    if (!req.is('multipart/form-data')) {
      throw new ProblemError(
        problem(415, 'unsupported_media_type', 'Unsupported media type', {
          detail: `Send the document as multipart/form-data (got ${req.headers['content-type'] ?? 'no content type'}).`,
        }),
      );
    }
    const declaredLength = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declaredLength) && declaredLength > this.maxBytes + MULTIPART_OVERHEAD) throw this.tooLarge(res);

    const context = requestContext(req);
    const parsed = parseMultipart(req, this.maxBytes);
    try {
      const { fields, file } = await parsed.file;
      if (!file) throw badRequest('file_required', 'The form has no file part named "file".', [{ field: 'file', messages: ['is required'] }]);
      const documentId = randomUUID();
      const base = commandFor(intent, fields, documentId);
      // Refused before a byte is stored: unknown record, role, team, a superseded document, a stale If-Match.
      const state = await this.state(intent.projectId);
      if (context.expectedRevision !== undefined && context.expectedRevision !== state.revision) {
        throw staleRevision(context.expectedRevision, state.revision);
      }
      decide(
        {
          ...base,
          data: { ...base.data, sha256: '0'.repeat(64), size: 1, fileName: 'document', mediaType: 'application/octet-stream' },
          metadata: { actor: context.actor, now: new Date().toISOString() },
        } as ProjectCommand,
        state,
      );

      const fileName = sanitizeFileName(file.info.filename ?? '');
      const declared = normalizeMediaType(file.info.mimeType);
      const hash = createHash('sha256');
      let size = 0;
      let head: Buffer[] = [];
      let headBytes = 0;
      let mediaType: string | null = null;
      const uploadId = randomUUID();
      this.live.add(uploadId);
      const staged = await this.store.begin(uploadId, intent.projectId, documentId);
      let recorded = false;
      try {
        const admit = async (chunk: Buffer) => {
          hash.update(chunk);
          await staged.write(chunk);
        };
        const checkHead = async () => {
          const first = Buffer.concat(head, headBytes);
          head = [];
          const verdict = checkMediaType(declared, first);
          if (!verdict.ok) throw refusedMedia(verdict.reason, declared, verdict.detected);
          mediaType = verdict.mediaType;
          await admit(first);
        };
        for await (const chunk of file.stream as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > this.maxBytes) throw this.tooLarge(res);
          if (mediaType === null) {
            head.push(chunk);
            headBytes += chunk.length;
            if (headBytes >= SNIFF_BYTES) await checkHead();
          } else {
            await admit(chunk);
          }
        }
        if ((file.stream as { truncated?: boolean }).truncated) throw this.tooLarge(res);
        if (size === 0) throw badRequest('empty_document', 'The file is empty.', [{ field: 'file', messages: ['is empty'] }]);
        if (mediaType === null) await checkHead();
        // The rest of the form (nothing is expected after the file) must arrive whole too.
        await parsed.done;
        const sha256 = hash.digest('hex');
        await staged.complete(sha256, size);
        const command = { ...base, data: { ...base.data, sha256, size, fileName, mediaType: mediaType! } };
        const uploadContext: RequestContext = context.idempotencyKey
          ? { ...context, requestHash: uploadHash(req, fields, sha256, fileName, mediaType!) }
          : context;
        const accepted = await this.commands.execute(new ExecuteProjectCommand(command as never, uploadContext));
        recorded = true;
        await this.store.promote(uploadId, sha256);
        // A replayed Idempotency-Key names the document its first request recorded.
        const recordedId = accepted.replayed ? await this.documentAt(intent.projectId, accepted.revision) : documentId;
        return { ...accepted, documentId: recordedId ?? documentId, sha256, size, fileName, mediaType: mediaType! };
      } catch (error) {
        // Recorded but not yet promoted: the sweep finds the event and completes it. Otherwise nothing stays.
        if (!recorded) await staged.discard().catch(() => undefined);
        throw error;
      } finally {
        this.live.delete(uploadId);
      }
    } catch (error) {
      parsed.abort();
      throw error;
    }
  }

  private async documentAt(projectId: string, revision: number): Promise<string | undefined> {
    const state = await this.state(projectId);
    return Object.values(state.documents).find((d) => d.revision === revision)?.documentId;
  }

  private tooLarge(res: Response): ProblemError {
    // The rest of the body is not read: the connection closes once the answer is sent.
    res.setHeader('Connection', 'close');
    return new ProblemError(
      problem(413, 'document_too_large', 'Document too large', {
        detail: `A document may have at most ${this.maxBytes} bytes; nothing was stored.`,
        maxBytes: this.maxBytes,
      }),
    );
  }

  /** Streams a document's bytes, checking them against the hash its event recorded; a mismatch is never served. */
  async download(res: Response, doc: DocumentRecord): Promise<void> {
    const source = await this.store.read(doc.sha256);
    if (!source) throw integrityError(doc, 'Its bytes are missing from the document store.');
    const chunks = source[Symbol.asyncIterator]();
    const hash = createHash('sha256');
    let total = 0;
    const take = async (): Promise<Buffer | null> => {
      const next = await chunks.next();
      if (next.done) return null;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
      total += chunk.length;
      hash.update(chunk);
      return chunk;
    };
    // Each chunk is sent only once the next one is read, and the last only after the hash matched: a document whose
    // bytes were changed never reaches the client whole. A one-chunk document is checked before any header is sent.
    let held = await take();
    let next = held ? await take() : null;
    const verdict = () => (total !== doc.size ? `Stored ${total} bytes, the record says ${doc.size}.` : hash.digest('hex') !== doc.sha256 ? 'The stored bytes no longer match the sha256 on the record.' : null);
    if (next === null) {
      const wrong = verdict();
      if (wrong) throw integrityError(doc, wrong);
      setDownloadHeaders(res, doc);
      res.end(held ?? Buffer.alloc(0));
      return;
    }
    setDownloadHeaders(res, doc);
    while (next !== null) {
      if (total > doc.size) break;
      if (!res.write(held)) await new Promise<void>((resolve) => res.once('drain', resolve));
      held = next;
      next = await take();
      if (res.destroyed) return;
    }
    const wrong = verdict();
    if (wrong) {
      this.logger.error(`Document ${doc.documentId} (${doc.sha256}) failed its integrity check while streaming: ${wrong}`);
      res.destroy(new Error('document integrity check failed'));
      return;
    }
    res.end(held);
  }

  /** Every document on the record, checked against the sha256 and size its event recorded (npm run verify, /admin/verify). */
  async verifyAll(): Promise<{ documents: number; problems: DocumentIntegrityProblem[] }> {
    return verifyDocuments(this.db, this.store);
  }

  /** One content read back (the audit report's documents): null when it matches, else 'missing' or what is wrong. */
  checkStored(sha256: string, size: number): Promise<string | null> {
    return checkStoredContent(this.store, sha256, size);
  }
}

/** The documents' part of /admin/verify. */
@Injectable()
export class DocumentIntegrityCheck implements IntegrityCheck {
  constructor(private readonly documents: DocumentsService) {}

  async verify(): Promise<{ checked: number; problems: IntegrityProblem[] }> {
    const { documents, problems } = await this.documents.verifyAll();
    return { checked: documents, problems: problems.map(asIntegrityProblem) };
  }
}

export function asIntegrityProblem(p: DocumentIntegrityProblem): IntegrityProblem {
  return { kind: p.kind, streamId: p.streamId, revision: p.revision, eventId: p.eventId, globalPosition: null, detail: p.detail, documentId: p.documentId, sha256: p.sha256 };
}

/** Reads every document event from the event store's table and checks each content it names. */
export async function verifyDocuments(
  db: SqlDatabase,
  store: DatabaseDocumentStore | DirectoryDocumentStore,
): Promise<{ documents: number; problems: DocumentIntegrityProblem[] }> {
  const { rows } = await db.query<{ stream_id: string; stream_revision: number; event_id: string; document_id: string; sha256: string; size: string }>(
    `SELECT stream_id, stream_revision, event_id, data->>'documentId' AS document_id, data->>'sha256' AS sha256, data->>'size' AS size
       FROM events WHERE type IN ('DocumentAttached', 'DocumentSuperseded') ORDER BY global_position`,
  );
  const problems: DocumentIntegrityProblem[] = [];
  const checked = new Map<string, string | null>();
  for (const row of rows) {
    const key = `${row.sha256}:${row.size}`;
    if (!checked.has(key)) checked.set(key, await checkStoredContent(store, row.sha256, Number(row.size)));
    const wrong = checked.get(key);
    if (wrong) {
      problems.push({
        kind: wrong === 'missing' ? 'document_missing' : 'document_altered',
        streamId: row.stream_id,
        revision: Number(row.stream_revision),
        eventId: row.event_id,
        documentId: row.document_id,
        sha256: row.sha256,
        detail: wrong === 'missing' ? 'The document’s bytes are missing from the store.' : wrong,
      });
    }
  }
  return { documents: rows.length, problems };
}

/** Reads a content back: null when it hashes to `sha256` with `size` bytes, else 'missing' or what is wrong. */
export async function checkStoredContent(store: DatabaseDocumentStore | DirectoryDocumentStore, sha256: string, size: number): Promise<string | null> {
  const source = await store.read(sha256);
  if (!source) return 'missing';
  const hash = createHash('sha256');
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    hash.update(chunk);
  }
  if (total !== size) return `The store holds ${total} bytes, the record says ${size}.`;
  return hash.digest('hex') === sha256 ? null : 'The stored bytes no longer match the sha256 on the record.';
}

function setDownloadHeaders(res: Response, doc: DocumentRecord): void {
  res.status(200);
  res.setHeader('Content-Type', ACTIVE_CONTENT.has(doc.mediaType) || doc.mediaType.startsWith('text/') ? `${doc.mediaType}; charset=utf-8` : doc.mediaType);
  res.setHeader('Content-Length', String(doc.size));
  // Always a download, never rendered by the API's origin; HTML and SVG could run script, so in a sandbox too.
  res.setHeader('Content-Disposition', contentDisposition(doc.fileName));
  res.setHeader('Content-Security-Policy', 'sandbox');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', `"sha256-${doc.sha256}"`);
  res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`);
}

/** RFC 6266: an ASCII fallback name and the exact name as RFC 5987 UTF-8. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'document';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function integrityError(doc: DocumentRecord, detail: string): ProblemError {
  return new ProblemError(
    problem(500, 'document_integrity_failed', 'Document integrity check failed', {
      detail: `Document ${doc.documentId} is not served: ${detail} Run npm run verify; restore the document store from a backup.`,
      documentId: doc.documentId,
      sha256: doc.sha256,
    }),
  );
}

function badRequest(code: string, detail: string, errors: { field: string; messages: string[] }[]): ProblemError {
  return new ProblemError(problem(400, code, code === 'empty_document' ? 'Empty document' : 'Invalid request', { detail, errors }));
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

function refusedMedia(reason: 'executable' | 'contradicted', declared: string | null, detected: string | null): ProblemError {
  if (reason === 'executable') {
    return new ProblemError(
      problem(415, 'executable_refused', 'Executable refused', { detail: 'Programs and scripts are not evidence documents; nothing was stored.' }),
    );
  }
  return new ProblemError(
    problem(415, 'media_type_mismatch', 'Media type contradicted by the content', {
      detail: `The file was sent as ${declared ?? 'no media type'}, but its content ${detected ? `is ${detected}` : 'does not look like it'}; nothing was stored.`,
      declared,
      detected,
    }),
  );
}

type Fields = Record<string, string>;

function commandFor(intent: UploadIntent, fields: Fields, documentId: string) {
  if (intent.type === 'SupersedeDocument') {
    const reason = (fields.reason ?? '').trim();
    const errors = [];
    if (!reason) errors.push({ field: 'reason', messages: ['is required'] });
    else if (reason.length > 4000) errors.push({ field: 'reason', messages: ['must be at most 4000 characters'] });
    if (errors.length) throw badRequest('validation_failed', 'A new version needs the reason it supersedes the old one.', errors);
    return { type: 'SupersedeDocument' as const, data: { projectId: intent.projectId, documentId, supersedes: intent.supersedes, reason } };
  }
  const errors: { field: string; messages: string[] }[] = [];
  const kind = fields.kind as DocumentRecordKind;
  if (!(DOCUMENT_RECORD_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', messages: [`must be one of ${DOCUMENT_RECORD_KINDS.join(', ')}`] });
  const recordId = (fields.recordId ?? '').trim();
  if (!recordId || recordId.length > 128) errors.push({ field: 'recordId', messages: ['is required (at most 128 characters)'] });
  const purpose = (fields.purpose ?? 'other') as DocumentPurpose;
  if (!(DOCUMENT_PURPOSES as readonly string[]).includes(purpose)) errors.push({ field: 'purpose', messages: [`must be one of ${DOCUMENT_PURPOSES.join(', ')}`] });
  let deficiency: number | null = null;
  if (fields.deficiency !== undefined && fields.deficiency !== '') {
    if (!/^\d{1,4}$/.test(fields.deficiency)) errors.push({ field: 'deficiency', messages: ['must be a whole number from 0'] });
    else deficiency = Number(fields.deficiency);
  }
  const unknown = Object.keys(fields).filter((f) => !['kind', 'recordId', 'purpose', 'deficiency'].includes(f));
  for (const field of unknown) errors.push({ field, messages: ['is not a field of this form'] });
  if (errors.length) throw badRequest('validation_failed', 'The form names no valid record for the document.', errors);
  return {
    type: 'AttachDocument' as const,
    data: { projectId: intent.projectId, documentId, attachedTo: { kind, id: recordId }, purpose, deficiency },
  };
}

/** An upload is the same request when its fields and its bytes are: the key's request hash names both. */
function uploadHash(req: Request, fields: Fields, sha256: string, fileName: string, mediaType: string): string {
  const path = req.originalUrl.split('?')[0];
  const canonical = canonicalJson({ method: req.method, path, body: { ...fields, file: { sha256, fileName, mediaType } } });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}


interface FilePart {
  stream: NodeJS.ReadableStream & { truncated?: boolean };
  info: { filename?: string; mimeType?: string; encoding?: string };
}

/**
 * One multipart form: the small fields before the file, then the file as a stream (read at the caller's pace, so
 * nothing piles up in memory). `done` settles when the whole form was read.
 */
function parseMultipart(req: Request, maxBytes: number): {
  file: Promise<{ fields: Fields; file: FilePart | null }>;
  done: Promise<void>;
  abort(): void;
} {
  const fields: Fields = Object.create(null) as Fields;
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { files: 1, fields: 8, fieldSize: 8 * 1024, parts: 9, fileSize: maxBytes + 1, headerPairs: 20 },
    });
  } catch (error) {
    const failed = Promise.reject(badRequest('validation_failed', `Not a multipart form: ${(error as Error).message}`, []));
    failed.catch(() => undefined);
    return { file: failed as never, done: failed, abort: () => req.resume() };
  }
  let settleFile!: (value: { fields: Fields; file: FilePart | null }) => void;
  let failFile!: (error: unknown) => void;
  const file = new Promise<{ fields: Fields; file: FilePart | null }>((resolve, reject) => {
    settleFile = resolve;
    failFile = reject;
  });
  let settleDone!: () => void;
  let failDone!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    settleDone = resolve;
    failDone = reject;
  });
  done.catch(() => undefined);
  file.catch(() => undefined);
  let sawFile = false;
  bb.on('field', (name, value) => {
    fields[name] = value;
  });
  bb.on('file', (name, stream, info) => {
    // A form cut off midway errors its file stream whether or not it is being read at that moment (the upload may be
    // checking the record or opening the store): the reading loop or `done` reports the failure, and the stream's
    // own 'error' must never go unheard, which would end the process.
    stream.on('error', () => undefined);
    if (name !== 'file' || sawFile) {
      stream.resume();
      return;
    }
    sawFile = true;
    settleFile({ fields: { ...fields }, file: { stream, info } });
  });
  const malformed = (error: unknown) =>
    badRequest('validation_failed', `The multipart form could not be read: ${error instanceof Error ? error.message : String(error)}`, []);
  bb.on('error', (error) => {
    failFile(malformed(error));
    failDone(malformed(error));
  });
  bb.on('close', () => {
    if (!sawFile) settleFile({ fields: { ...fields }, file: null });
    settleDone();
  });
  req.on('aborted', () => {
    const error = new Error('the upload was cut off');
    failFile(error);
    failDone(error);
    bb.destroy(error);
  });
  req.pipe(bb);
  return {
    file,
    done,
    abort: () => {
      req.unpipe(bb);
      // What the client still sends is read and dropped, so it can read the answer.
      req.resume();
    },
  };
}
