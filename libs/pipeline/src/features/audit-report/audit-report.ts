import type { EventStore } from '@app/event-store';
import type { SqlExecutor } from '@app/platform';
import { foldProject, projectStreamId } from '../../application';
import { DomainError } from '../../domain';
import type { DocumentRecord, ProjectProfile, ProjectStatus, Signature, Stage } from '../../domain';
import { HistoryEntry, toHistoryEntry, withSignatureStatus } from '../get-project-history/project-history.view';
import type { SignatureStatus } from '../get-project-history/project-history.view';
import { checkStreamChain } from './stream-chain-check';
import type { StreamChainProblem } from './stream-chain-check';

export const AUDIT_REPORT_FORMATS = ['pdf', 'html'] as const;
export type AuditReportFormat = (typeof AUDIT_REPORT_FORMATS)[number];

export interface ReportActor {
  name: string;
  role: string;
  account?: string;
  id?: string;
}

export interface AuditReportEvent {
  revision: number;
  globalPosition: number;
  eventId: string;
  type: string;
  actor: ReportActor;
  occurredAt: string;
  recordedAt: string;
  reason?: string;
  /** The event's data as `label: value` lines; the signature has its own section. */
  summary: string[];
}

export interface AuditReportCorrection {
  revision: number;
  recordedAt: string;
  actor: ReportActor;
  target: string;
  field: string;
  oldValue: string;
  newValue: string;
  reason: string;
}

export interface AuditReportSignature {
  revision: number;
  type: string;
  decision: string;
  fromStage: string;
  toStage: string;
  printedName: string;
  signer: ReportActor;
  signedAt: string;
  meaning: string;
  signedRevision: number;
  contentHash: string | null;
  contentHashMatches: boolean;
  status: 'valid' | 'superseded';
  /** Revisions of the corrections or retractions that changed evidence the signature covered. */
  supersededBy: number[];
  /** A signature collected toward a go that needed several: pending, counted, revoked or invalidated, and by what. */
  signing?: string;
}

export interface AuditReportChain {
  /** False when the store keeps no hash chain (EventStoreDB). */
  kept: boolean;
  ok: boolean | null;
  checkedAt: string;
  events: number;
  lastRevision: number | null;
  lastHash: string | null;
  /** With asOf: the hash of the last event the report shows. */
  shownRevisionHash: string | null;
  problems: StreamChainProblem[];
}

/** One version of an evidence document: the file its event recorded, and whether the stored bytes still match it. */
export interface AuditReportDocument {
  documentId: string;
  /** 1 for a first file, one more for each version after it. */
  version: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** The evidence record it is attached to, as `kind id`. */
  record: string;
  purpose: string;
  deficiency: number | null;
  /** The revision whose event recorded it, who recorded it and when. */
  revision: number;
  attachedBy: ReportActor;
  attachedAt: string;
  supersedes: string | null;
  reason: string | null;
  supersededBy: string | null;
  /**
   * `match`: the stored bytes were read back for this report and hash to `sha256` with `size` bytes; `missing` or
   * `altered` (with `storedDetail`) when not; `not_checked`: not read back (no document store here, or past the
   * report's reading budget): the hash shown is the one recorded.
   */
  stored: 'match' | 'missing' | 'altered' | 'not_checked';
  storedDetail: string | null;
}

/** Reads a document's stored bytes back: null when they hash to sha256 with `size` bytes, else 'missing' or what is wrong. */
export type StoredDocumentCheck = (sha256: string, size: number) => Promise<string | null>;

/** Bytes of documents a report reads back at most; the rest show their recorded hash (`not_checked`). */
export const AUDIT_REPORT_DOCUMENT_CHECK_BYTES = 256 * 1024 * 1024;

/** Everything an inspector's copy of one project's record holds, as data; the renderers only lay it out. */
export interface AuditReport {
  projectId: string;
  asOf: string | null;
  revision: number;
  generatedAt: string;
  generatedBy: ReportActor;
  profile: ProjectProfile | null;
  stage: Stage;
  status: ProjectStatus;
  events: AuditReportEvent[];
  corrections: AuditReportCorrection[];
  signatures: AuditReportSignature[];
  /** Each document, its versions one after another (first version first), documents in the order they came. */
  documents: AuditReportDocument[];
  chain: AuditReportChain;
}

export interface AuditReportSources {
  store: EventStore;
  /** The PostgreSQL event store's database; null when the events live in EventStoreDB (no hash chain). */
  db: SqlExecutor | null;
  /** The document store's read-back; without it every document shows its recorded hash only. */
  checkDocument?: StoredDocumentCheck;
}

export async function buildAuditReport(
  { store, db, checkDocument }: AuditReportSources,
  request: { projectId: string; asOf?: string; generatedBy: ReportActor; now?: Date },
): Promise<AuditReport> {
  const { projectId, asOf, generatedBy } = request;
  const now = request.now ?? new Date();
  const streamId = projectStreamId(projectId);
  const events = await store.readStream(streamId, asOf ? { recordedUntil: asOf } : {});
  if (events.length === 0) {
    throw new DomainError('project_not_found', asOf ? `Project ${projectId} did not exist at ${asOf}` : `No project ${projectId}`, { projectId });
  }
  // The chain is checked as stored now, whatever instant the report shows: tampering since then shows too.
  const check = db ? await checkStreamChain(db, streamId, now) : null;
  const state = foldProject(events);
  const entries = withSignatureStatus(events, events.map(toHistoryEntry));
  const revision = events[events.length - 1].revision;
  const documents = await documentsOf(state.documents, entries, checkDocument);
  return {
    projectId,
    asOf: asOf ?? null,
    revision,
    generatedAt: now.toISOString(),
    generatedBy,
    profile: state.profile ?? null,
    stage: state.stage,
    status: state.status,
    events: entries.map(toReportEvent),
    corrections: entries.filter((e) => e.type === 'RecordCorrected').map(toCorrection),
    signatures: entries.filter((e) => e.signatureStatus).map(toSignature),
    documents,
    chain: check
      ? {
          kept: true,
          ok: check.ok,
          checkedAt: check.checkedAt,
          events: check.events,
          lastRevision: check.lastRevision,
          lastHash: check.lastHash,
          shownRevisionHash: check.hashes.get(revision) ?? null,
          problems: check.problems,
        }
      : { kept: false, ok: null, checkedAt: now.toISOString(), events: 0, lastRevision: null, lastHash: null, shownRevisionHash: null, problems: [] },
  };
}

// Versions follow their first version; the stored bytes of each distinct content are read back once, within a budget.
async function documentsOf(
  records: Record<string, DocumentRecord>,
  entries: HistoryEntry[],
  check: StoredDocumentCheck | undefined,
): Promise<AuditReportDocument[]> {
  const byRevision = new Map(entries.map((e) => [e.revision, e]));
  const ordered: DocumentRecord[] = [];
  for (const first of Object.values(records).filter((d) => d.supersedes === null || !records[d.supersedes]).sort((a, b) => a.revision - b.revision)) {
    for (let d: DocumentRecord | undefined = first; d; d = d.supersededBy ? records[d.supersededBy] : undefined) ordered.push(d);
  }
  const checked = new Map<string, string | null>();
  let budget = AUDIT_REPORT_DOCUMENT_CHECK_BYTES;
  const result: AuditReportDocument[] = [];
  for (const d of ordered) {
    const entry = byRevision.get(d.revision)!;
    const key = `${d.sha256}:${d.size}`;
    if (check && !checked.has(key) && d.size <= budget) {
      budget -= d.size;
      checked.set(key, await check(d.sha256, d.size));
    }
    const wrong = checked.get(key);
    result.push({
      documentId: d.documentId,
      version: d.version,
      fileName: d.fileName,
      mediaType: d.mediaType,
      size: d.size,
      sha256: d.sha256,
      record: `${d.attachedTo.kind} ${d.attachedTo.id}`,
      purpose: d.purpose,
      deficiency: d.deficiency,
      revision: d.revision,
      attachedBy: actorOf(entry),
      attachedAt: entry.recordedAt,
      supersedes: d.supersedes,
      reason: d.reason,
      supersededBy: d.supersededBy,
      stored: wrong === undefined ? 'not_checked' : wrong === null ? 'match' : wrong === 'missing' ? 'missing' : 'altered',
      storedDetail: wrong ?? null,
    });
  }
  return result;
}

function actorOf(entry: HistoryEntry): ReportActor {
  return { id: entry.actor.id, name: entry.actor.name, role: entry.actor.role, ...(entry.actor.account ? { account: entry.actor.account } : {}) };
}

function toReportEvent(entry: HistoryEntry): AuditReportEvent {
  return {
    revision: entry.revision,
    globalPosition: entry.globalPosition,
    eventId: entry.eventId,
    type: entry.type,
    actor: actorOf(entry),
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    ...(entry.reason ? { reason: entry.reason } : {}),
    summary: summarise(entry.data),
  };
}

function toCorrection(entry: HistoryEntry): AuditReportCorrection {
  const data = entry.data as { target: { kind: string; id: string }; field: string; oldValue: unknown; newValue: unknown; reason: string };
  return {
    revision: entry.revision,
    recordedAt: entry.recordedAt,
    actor: actorOf(entry),
    target: `${data.target.kind} ${data.target.id}`,
    field: data.field,
    oldValue: readable(data.oldValue),
    newValue: readable(data.newValue),
    reason: data.reason ?? entry.reason ?? '',
  };
}

function toSignature(entry: HistoryEntry): AuditReportSignature {
  const data = entry.data as { decision: string; fromStage: string; toStage: string; signature: Signature };
  const status = entry.signatureStatus!;
  const s = data.signature;
  return {
    revision: entry.revision,
    type: entry.type,
    decision: data.decision,
    fromStage: data.fromStage,
    toStage: data.toStage,
    printedName: s.printedName,
    signer: { id: s.signerId, name: s.printedName, role: s.role, ...(s.account ? { account: s.account } : {}) },
    signedAt: s.signedAt,
    meaning: s.meaning,
    signedRevision: s.signedRevision,
    contentHash: status.contentHash,
    contentHashMatches: status.contentHashMatches,
    status: status.superseded ? 'superseded' : 'valid',
    supersededBy: status.supersededBy.map((f) => f.revision),
    ...(status.signing ? { signing: signingText(status.signing) } : {}),
  };
}

function signingText({ state, byRevision, reason }: NonNullable<SignatureStatus['signing']>): string {
  if (state === 'pending') return 'collected; the rule still lacks signatures';
  return `${state} by revision ${byRevision}${reason ? `: ${reason}` : ''}`;
}

// Ids that every event of the stream repeats, and the signature, shown in its own section.
const LEFT_OUT = new Set(['projectId', 'signature']);

/** The event's data as readable lines: nested objects by dotted label, lists joined, nothing dropped but the repeats. */
export function summarise(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return data === undefined ? [] : [readable(data)];
  const lines: string[] = [];
  const walk = (value: unknown, label: string) => {
    if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
      value.forEach((v, i) => walk(v, `${label}[${i + 1}]`));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, label ? `${label}.${k}` : k);
    } else {
      lines.push(`${label}: ${readable(value)}`);
    }
  };
  for (const [k, v] of Object.entries(data)) if (!LEFT_OUT.has(k)) walk(v, k);
  return lines;
}

export function readable(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(readable).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
