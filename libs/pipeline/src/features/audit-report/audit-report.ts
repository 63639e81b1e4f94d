import type { EventStore } from '@app/event-store';
import type { SqlExecutor } from '@app/platform';
import { foldProject, projectStreamId } from '../../application';
import { DomainError } from '../../domain';
import type { ProjectProfile, ProjectStatus, Signature, Stage } from '../../domain';
import { HistoryEntry, toHistoryEntry, withSignatureStatus } from '../get-project-history/project-history.view';
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
  chain: AuditReportChain;
}

export interface AuditReportSources {
  store: EventStore;
  /** The PostgreSQL event store's database; null when the events live in EventStoreDB (no hash chain). */
  db: SqlExecutor | null;
}

export async function buildAuditReport(
  { store, db }: AuditReportSources,
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
  };
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
