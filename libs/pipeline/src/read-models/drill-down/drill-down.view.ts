import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DrillDownEventView {
  @ApiProperty({ enum: ['entered', 'exited', 'killed', 'proposed', 'approved', 'last'], description: "The event's part in the number" }) role: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'date-time', nullable: true }) at: string | null;
}

export class DrillDownItemView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ nullable: true, description: "The project's current title" }) title: string | null;
  @ApiProperty({ nullable: true }) stage: string | null;
  @ApiProperty({ nullable: true }) status: string | null;
  @ApiProperty({ type: [String], description: 'The ids of the events behind the number (also in `events`)' }) eventIds: string[];
  @ApiProperty({ type: [DrillDownEventView] }) events: DrillDownEventView[];
  @ApiProperty({ nullable: true, description: 'Days in stage, age, cycle time or silence, where the metric has one' }) days: number | null;
}

export class DrillDownView {
  @ApiProperty() metric: string;
  @ApiProperty({ nullable: true }) stage: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) asOf: string | null;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [DrillDownItemView] }) items: DrillDownItemView[];
}
