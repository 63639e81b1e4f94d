import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ActorView {
  @ApiProperty({ example: 'office-li' }) id: string;
  @ApiProperty({ example: 'Li Na' }) name: string;
  @ApiProperty({ example: 'innovation_office' }) role: string;
}

export class ActivityEntryView {
  @ApiProperty() globalPosition: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ nullable: true }) projectTitle: string | null;
  @ApiProperty() revision: number;
  @ApiProperty({ example: 'StageAdvanced' }) type: string;
  @ApiProperty({ type: ActorView }) actor: ActorView;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ nullable: true }) reason: string | null;
  @ApiProperty({ example: 'Advanced idea → patent' }) summary: string;
}

export class ActivityFeedView {
  @ApiProperty({ type: [ActivityEntryView], description: 'Most recent first' }) items: ActivityEntryView[];
  @ApiProperty({ nullable: true, description: 'Pass as `before` for the next (older) page; null at the end' }) nextBefore: number | null;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
}
