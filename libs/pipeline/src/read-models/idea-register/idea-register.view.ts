import { ApiProperty } from '@nestjs/swagger';
import { IDEA_STATUSES } from '../../domain';
import type { IdeaStatus } from '../../domain';

export class IdeaRowView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() title: string;
  @ApiProperty() clinicalNeed: string;
  @ApiProperty() deviceType: string;
  @ApiProperty() therapeuticArea: string;
  @ApiProperty() institution: string;
  @ApiProperty() department: string;
  @ApiProperty() submittedById: string;
  @ApiProperty() submittedByName: string;
  @ApiProperty({ enum: IDEA_STATUSES }) status: IdeaStatus;
  @ApiProperty({ description: 'Times submitted: 1, plus one per resubmission' }) submissions: number;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) screenedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was declined (or accepted)' }) screeningReason: string | null;
  @ApiProperty({ nullable: true, type: String }) screenedByName: string | null;
  @ApiProperty({ description: 'The event behind this row’s current state' }) lastEventId: string;
}

class IdeaCountsView {
  @ApiProperty() submitted: number;
  @ApiProperty() declined: number;
  @ApiProperty() accepted: number;
}

class ScreeningTimeView {
  @ApiProperty({ description: 'Ideas screened (accepted or declined; a resubmission counts its last screening)' }) count: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median days from submission to the screening decision' }) medianDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Days: number | null;
}

export class IdeaRegisterView {
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'The read model’s global position' }) position: number;
  @ApiProperty({ type: IdeaCountsView, description: 'By status, within what the caller may see' }) counts: IdeaCountsView;
  @ApiProperty({ nullable: true, type: Number, description: 'accepted / (accepted + declined), 0-1; null before any screening' })
  acceptanceRate: number | null;
  @ApiProperty({ type: ScreeningTimeView }) screeningTime: ScreeningTimeView;
  @ApiProperty({ type: [IdeaRowView] }) items: IdeaRowView[];
}
