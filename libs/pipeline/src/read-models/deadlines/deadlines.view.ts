import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEADLINE_KINDS, DEADLINE_STATUSES } from '../../domain';

export class DeadlineRecordView {
  @ApiProperty({ example: 'patent' }) kind: string;
  @ApiProperty() id: string;
}

export class DeadlineView {
  @ApiProperty({ example: 'priority_year:pat-1', description: 'Stable within the project' }) deadlineId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() projectTitle: string;
  @ApiProperty({ enum: ['active', 'on_hold', 'terminated', 'approved'] }) projectStatus: string;
  @ApiProperty({ description: "Whose it is (person id): the project's lead clinician, or for condition_due the condition's owner" }) ownerId: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: DeadlineRecordView, description: 'The record the deadline belongs to' }) record: DeadlineRecordView;
  @ApiProperty({ nullable: true, example: 'CN' }) jurisdiction: string | null;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ nullable: true, format: 'date', description: 'The day of the event that closed it' }) closedOn: string | null;
  @ApiProperty({ enum: DEADLINE_STATUSES, description: 'met: closed by the due date; missed: closed later, or still open after it' }) status: string;
  @ApiProperty({ description: 'Days from today to the due date (negative: overdue)' }) daysLeft: number;
  @ApiProperty({ description: 'Where the rule comes from' }) source: string;
  @ApiProperty({ type: [String], description: 'Event ids the due date comes from' }) sourceEvents: string[];
  @ApiProperty({ type: [String], description: 'Event ids that closed it' }) closedBy: string[];
}

export class DeadlinesView {
  @ApiProperty({ format: 'date', description: 'The day statuses are computed for (UTC)' }) today: string;
  @ApiProperty() horizonDays: number;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Of them, past their due date' }) overdue: number;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
  @ApiProperty({ type: [DeadlineView], description: 'Open deadlines due within the horizon, and overdue ones, by due date' }) items: DeadlineView[];
}

export class ProjectDeadlinesView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ format: 'date' }) today: string;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
  @ApiProperty({ type: [DeadlineView], description: 'Still open, soonest first (overdue ones first of all)' }) next: DeadlineView[];
  @ApiProperty({ type: [DeadlineView], description: 'Every deadline of the project, met, missed or open, by due date' }) items: DeadlineView[];
}
