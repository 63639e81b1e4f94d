import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordedEvent } from '@app/event-store';
import { signedContentHash } from '../../application/signed-content';
import type { RecordRef, Signature } from '../../domain';

class ActorView {
  @ApiProperty({ example: 'office-li' }) id: string;
  @ApiProperty({ example: 'Li Na' }) name: string;
  @ApiProperty({ example: 'innovation_office' }) role: string;
  @ApiPropertyOptional({ example: 'office-li', description: 'The account (user name) that acted; one person may hold several' })
  account?: string;
}

class SupersedingEvent {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 9 }) revision: number;
  @ApiProperty({ example: 'RecordCorrected' }) type: string;
  @ApiProperty({ example: { kind: 'patent', id: '…' } }) target: unknown;
}

export const SIGNING_STATES = ['pending', 'counted', 'revoked', 'invalidated'] as const;
export type SigningState = (typeof SIGNING_STATES)[number];

/** What became of a signature collected toward a go that needed several (GateSignatureCollected). */
export class SigningStatus {
  @ApiProperty({
    enum: SIGNING_STATES,
    description:
      'pending: still standing, the rule not yet met; counted: the go it signed moved the stage; revoked: its signer withdrew it; ' +
      'invalidated: the record changed before the rule was met',
  })
  state: SigningState;
  @ApiPropertyOptional({ nullable: true, example: 14, description: 'The event that counted, revoked or invalidated it' })
  byRevision: number | null;
  @ApiPropertyOptional({ nullable: true, example: 'StageAdvanced' }) byType: string | null;
  @ApiPropertyOptional({ example: 'Signed before the revised risk file was attached', description: 'A revocation’s or invalidation’s reason' })
  reason?: string;
}

export class SignatureStatus {
  @ApiProperty({ description: 'A later correction or retraction changed evidence this signature covered' }) superseded: boolean;
  @ApiProperty({ type: [SupersedingEvent] }) supersededBy: SupersedingEvent[];
  @ApiPropertyOptional({ nullable: true, example: 'sha256:…', description: 'The content hash recorded with the signature' })
  contentHash: string | null;
  @ApiProperty({ description: 'The hash recomputed from this history matches the one recorded (false also when none was)' })
  contentHashMatches: boolean;
  @ApiPropertyOptional({ type: SigningStatus, description: 'A signature collected toward a go that needed several (GateSignatureCollected)' })
  signing?: SigningStatus;
}

/** One event of the audit trail: who, what, when (in the world and on the record), why. */
export class HistoryEntry {
  @ApiProperty({ example: 4 }) revision: number;
  @ApiProperty({ example: 1042 }) globalPosition: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'RecordCorrected' }) type: string;
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ format: 'date-time', description: 'When the server recorded it' }) recordedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened in the world' }) occurredAt: string;
  @ApiProperty({ type: ActorView }) actor: ActorView;
  @ApiPropertyOptional({ example: 'Filing date was transcribed wrongly' }) reason?: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional() causationId?: string;
  @ApiPropertyOptional({ description: 'The client’s own X-Request-Id, kept beside the server’s correlation id' }) clientRequestId?: string;
  @ApiProperty({ description: 'The event as recorded; corrections carry field, oldValue, newValue' }) data: unknown;
  @ApiPropertyOptional({ type: SignatureStatus, description: 'Gate decisions only: what became of the signature since' })
  signatureStatus?: SignatureStatus;
}

export class ProjectHistory {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 12 }) revision: number;
  @ApiProperty({ type: [HistoryEntry] }) events: HistoryEntry[];
}

export function toHistoryEntry(e: RecordedEvent): HistoryEntry {
  const { occurredAt, actor, reason, correlationId, causationId, clientRequestId } = e.metadata;
  return {
    revision: e.revision,
    globalPosition: e.globalPosition,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    recordedAt: e.recordedAt,
    occurredAt,
    actor,
    ...(reason ? { reason } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(causationId ? { causationId } : {}),
    ...(typeof clientRequestId === 'string' ? { clientRequestId } : {}),
    data: e.data,
  };
}

/**
 * A signature is superseded when a later correction or retraction names a record that already existed at the
 * signed revision: the evidence the signer saw is no longer the evidence on the record.
 */
export function withSignatureStatus(events: readonly RecordedEvent[], entries: HistoryEntry[]): HistoryEntry[] {
  const fixes = events.filter((e) => e.type === 'RecordCorrected' || e.type === 'RecordRetracted');
  return entries.map((entry, i) => {
    const signature = (events[i].data as { signature?: Signature & { contentHash?: string } } | null)?.signature;
    if (!signature) return entry;
    const supersededBy = fixes
      .filter((fix) => fix.revision > events[i].revision)
      .filter((fix) => {
        const target = (fix.data as { target: RecordRef }).target;
        const created = recordCreatedAt(events, target);
        return created !== undefined && created <= signature.signedRevision;
      })
      .map((fix) => ({ eventId: fix.eventId, revision: fix.revision, type: fix.type, target: (fix.data as { target: RecordRef }).target }));
    const contentHash = signature.contentHash ?? null;
    return {
      ...entry,
      signatureStatus: {
        superseded: supersededBy.length > 0,
        supersededBy,
        contentHash,
        contentHashMatches: contentHash !== null && contentHash === signedContentHash(events, signature.signedRevision),
        ...(events[i].type === 'GateSignatureCollected' ? { signing: signingStatus(events, events[i], signature) } : {}),
      },
    };
  });
}

// The first later event that ended the collected signature's wait: the go that counted it, its signer's revocation, or
// the change to the record that invalidated it.
function signingStatus(events: readonly RecordedEvent[], collected: RecordedEvent, signature: Signature): SigningStatus {
  for (const e of events) {
    if (e.revision <= collected.revision) continue;
    const data = e.data as Record<string, unknown>;
    const ended = (state: SigningState): SigningStatus => ({
      state,
      byRevision: e.revision,
      byType: e.type,
      ...(state !== 'counted' && typeof data.reason === 'string' ? { reason: data.reason } : {}),
    });
    if (e.type === 'GateSignatureRevoked' && data.signatureRevision === collected.revision) return ended('revoked');
    if (
      e.type === 'GateSignaturesInvalidated' &&
      (data.invalidated as { signatureRevision: number }[]).some((x) => x.signatureRevision === collected.revision)
    )
      return ended('invalidated');
    const counted = (data.signatures as Signature[] | undefined)?.some(
      (x) => x.signerId === signature.signerId && x.signedRevision === signature.signedRevision && x.signedAt === signature.signedAt,
    );
    if (e.type === 'StageAdvanced' && counted) return ended('counted');
  }
  return { state: 'pending', byRevision: null, byType: null };
}

// The revision at which a record entered the history: record ids are unique, so the first event naming one made it.
function recordCreatedAt(events: readonly RecordedEvent[], target: RecordRef): number | undefined {
  if (target.kind === 'project') return 0;
  const names = (e: RecordedEvent) => Object.values((e.data ?? {}) as Record<string, unknown>).includes(target.id);
  const made = events.find((e) => names(e) && (target.kind !== 'approval' || e.type.includes('Approv')));
  return made?.revision;
}
