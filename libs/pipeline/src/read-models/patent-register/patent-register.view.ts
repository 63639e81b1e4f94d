import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PatentView {
  @ApiProperty() patentId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ description: "The project's current title" }) projectTitle: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'CN' }) jurisdiction: string;
  @ApiProperty({ example: 'invention' }) kind: string;
  @ApiProperty() applicationNumber: string;
  @ApiProperty({ format: 'date' }) filedOn: string;
  @ApiProperty({ enum: ['filed', 'published', 'granted', 'abandoned'] }) status: string;
  @ApiProperty({ nullable: true }) publicationNumber: string | null;
  @ApiProperty({ nullable: true, format: 'date' }) publishedOn: string | null;
  @ApiProperty({ nullable: true }) patentNumber: string | null;
  @ApiProperty({ nullable: true, format: 'date' }) grantedOn: string | null;
  @ApiProperty({ nullable: true, format: 'date' }) abandonedOn: string | null;
  @ApiProperty({ nullable: true }) abandonReason: string | null;
  @ApiProperty({ format: 'uuid', description: 'The PatentFiled event' }) filedEventId: string;
  @ApiProperty({ format: 'uuid', description: 'The last event that changed this patent (incl. corrections)' }) lastEventId: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PatentRegisterView {
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
  @ApiProperty({ example: { filed: 3, published: 1, granted: 2, abandoned: 0 }, description: 'Counts by status under the filters other than status' })
  byStatus: Record<string, number>;
  @ApiProperty({ type: [PatentView], description: 'Retracted patents are left out' }) items: PatentView[];
}
