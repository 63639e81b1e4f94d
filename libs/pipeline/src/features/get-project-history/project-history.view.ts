import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordedEvent } from '@app/event-store';

class ActorView {
  @ApiProperty({ example: 'office-li' }) id: string;
  @ApiProperty({ example: 'Li Na' }) name: string;
  @ApiProperty({ example: 'innovation_office' }) role: string;
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
  @ApiProperty({ description: 'The event as recorded; corrections carry field, oldValue, newValue' }) data: unknown;
}

export class ProjectHistory {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 12 }) revision: number;
  @ApiProperty({ type: [HistoryEntry] }) events: HistoryEntry[];
}

export function toHistoryEntry(e: RecordedEvent): HistoryEntry {
  const { occurredAt, actor, reason, correlationId, causationId } = e.metadata;
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
    data: e.data,
  };
}
