import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITIES, EVIDENCE_CODES, PATHWAYS, PROJECT_STATUSES, STAGES, TRACK_STATUSES } from '../../domain';

/** A target authority's regulatory track in brief (GET /projects/{id} has the records behind it). */
export class BoardTrackView {
  @ApiProperty({ enum: AUTHORITIES }) authority: string;
  @ApiProperty({ enum: PATHWAYS }) pathway: string;
  @ApiProperty({ enum: TRACK_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The day of the fact that set the status' }) since: string | null;
}

class PersonView {
  @ApiProperty({ example: 'dr-chen' }) id: string;
  @ApiProperty({ example: 'Dr. Chen Wei' }) name: string;
}

export class ProjectCardView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 'Non-invasive blood-glucose detector' }) title: string;
  @ApiProperty({ enum: STAGES }) stage: string;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: string;
  @ApiProperty() institution: string;
  @ApiProperty() department: string;
  @ApiProperty() deviceType: string;
  @ApiProperty({ enum: ['I', 'II', 'III'] }) riskClass: string;
  @ApiProperty({ type: [String], example: ['FDA', 'NMPA'] }) authorities: string[];
  @ApiProperty() therapeuticArea: string;
  @ApiProperty({ type: PersonView }) leadClinician: PersonView;
  @ApiProperty({ format: 'date-time' }) proposedAt: string;
  @ApiProperty({ format: 'date-time' }) stageEnteredAt: string;
  @ApiProperty({ format: 'date-time', description: 'Latest occurredAt of any event of the project' }) lastEventAt: string;
  @ApiProperty({ format: 'uuid', description: 'The last event of the project (drill-down)' }) lastEventId: string;
  @ApiProperty({ description: 'Stream revision (ETag of GET /projects/:id)' }) revision: number;
  @ApiProperty({ nullable: true, type: String, example: 'fda_pma', description: 'The pathway template followed (fixed_model without one)' })
  template: string | null;
  @ApiProperty({ type: [String], example: ['innovative_special_review', 'pma'], description: 'The target pathways' }) pathways: string[];
  @ApiProperty({
    type: [BoardTrackView],
    nullable: true,
    description: 'One regulatory track per target authority ("approved by NMPA, in review at FDA"); null on the board as of an instant',
  })
  regulatoryTracks: BoardTrackView[] | null;
}

export class BoardColumnView {
  @ApiProperty({ enum: STAGES }) stage: string;
  @ApiProperty({ description: 'Projects in the stage matching the filters' }) count: number;
  @ApiProperty({ description: 'Per status within the stage', example: { active: 3, on_hold: 1 } }) byStatus: Record<string, number>;
  @ApiProperty({ type: [ProjectCardView], description: 'Up to limitPerStage cards, most recent activity first' }) projects: ProjectCardView[];
  @ApiProperty({ example: '/pipeline/drill-down?metric=board&stage=idea' }) drillDown: string;
}

export class PipelineBoardView {
  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Set when computed from the events as of a past instant' }) asOf: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Global position the read model had applied (null for asOf)' }) position: number | null;
  @ApiProperty() total: number;
  @ApiProperty({ example: { active: 10, on_hold: 1, terminated: 2, approved: 1 } }) byStatus: Record<string, number>;
  @ApiProperty({ type: [BoardColumnView], description: 'Every stage, in pipeline order' }) stages: BoardColumnView[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Doctors’ ideas submitted and awaiting screening, before the idea column (all ideas: the filters do not apply; null with asOf)',
  })
  ideasAwaitingScreening: number | null;
}

export class NextGateView {
  @ApiProperty({ enum: STAGES, description: 'The stage a "go" at the next gate leads to' }) stage: string;
  @ApiProperty({ enum: EVIDENCE_CODES, isArray: true, description: 'Evidence that gate still lacks (the domain\'s gate rules)' }) missingEvidence: string[];
  @ApiProperty({ description: 'All of its evidence is on record: ready for a gate decision' }) ready: boolean;
}

export class ProjectListItemView extends ProjectCardView {
  @ApiProperty({ type: NextGateView, nullable: true, description: 'Active projects with a gate ahead; null otherwise' }) nextGate: NextGateView | null;
}

export class ProjectListView {
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
  @ApiProperty({ type: [ProjectListItemView] }) items: ProjectListItemView[];
}

export class StalledProjectView extends ProjectCardView {
  @ApiProperty({ example: 45.2 }) daysSinceLastEvent: number;
}

export class StalledProjectsView {
  @ApiProperty() days: number;
  @ApiProperty({ format: 'date-time', description: 'Projects with no event since this instant' }) since: string;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiPropertyOptional({ nullable: true }) position: number | null;
  @ApiProperty({ type: [StalledProjectView] }) items: StalledProjectView[];
}
