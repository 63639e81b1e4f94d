import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TrialView {
  @ApiProperty() trialId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ nullable: true }) projectTitle: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'ChiCTR' }) registry: string;
  @ApiProperty({ example: 'ChiCTR2500012345' }) registryId: string;
  @ApiProperty() targetEnrolment: number;
  @ApiProperty() enrolled: number;
  @ApiProperty({ example: 0.62, description: 'enrolled / target' }) enrolmentRatio: number;
  @ApiProperty({ description: 'Still to enrol (0 when reached)' }) remaining: number;
  @ApiProperty() overTarget: boolean;
  @ApiProperty({ enum: ['registered', 'recruiting', 'completed'] }) status: string;
  @ApiProperty({ format: 'date' }) registeredOn: string;
  @ApiProperty({ nullable: true, format: 'date' }) firstPatientInOn: string | null;
  @ApiProperty({ nullable: true, format: 'date' }) completedOn: string | null;
  @ApiProperty({ nullable: true }) primaryEndpointMet: boolean | null;
  @ApiProperty({ enum: ['met', 'not_met', 'pending'] }) endpointOutcome: 'met' | 'not_met' | 'pending';
  @ApiProperty({ nullable: true }) resultSummary: string | null;
  @ApiProperty({ format: 'uuid', description: 'The TrialRegistered event' }) registeredEventId: string;
  @ApiProperty({ format: 'uuid' }) lastEventId: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TrialTrackerView {
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
  @ApiProperty({ example: { registered: 1, recruiting: 2, completed: 1 } }) byStatus: Record<string, number>;
  @ApiProperty({ type: [TrialView], description: 'Retracted trials are left out' }) items: TrialView[];
}
