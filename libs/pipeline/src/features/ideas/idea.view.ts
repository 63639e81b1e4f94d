import { ApiProperty } from '@nestjs/swagger';
import { IDEA_STATUSES, PROJECT_STATUSES, STAGES } from '../../domain';
import type { IdeaStatus, ProjectState, ProjectStatus, Stage } from '../../domain';

class PersonView {
  @ApiProperty({ example: 'dr-chen' }) id: string;
  @ApiProperty({ example: 'Dr. Chen Wei' }) name: string;
}

class IdeaProjectView {
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: ProjectStatus;
}

/** An idea as its stream folds today. */
export class IdeaView {
  @ApiProperty({ format: 'uuid', description: 'The idea’s id; the project keeps it when the idea is accepted' }) projectId: string;
  @ApiProperty({ description: 'Stream revision; also the ETag' }) revision: number;
  @ApiProperty({ enum: IDEA_STATUSES }) status: IdeaStatus;
  @ApiProperty() title: string;
  @ApiProperty() clinicalNeed: string;
  @ApiProperty() summary: string;
  @ApiProperty() deviceType: string;
  @ApiProperty() therapeuticArea: string;
  @ApiProperty() institution: string;
  @ApiProperty() department: string;
  @ApiProperty({ type: PersonView }) submittedBy: PersonView;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ description: 'How many times it was submitted (1, then one more per resubmission)' }) submissions: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) screenedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The office’s reason (a decline always has one)' }) screeningReason: string | null;
  @ApiProperty({ type: Object, nullable: true, description: 'The attached invention disclosure, if any' }) disclosure: unknown;
  @ApiProperty({ type: IdeaProjectView, nullable: true, description: 'The project it became, once accepted' }) project: IdeaProjectView | null;
}

export function toIdeaView(projectId: string, state: ProjectState): IdeaView {
  const idea = state.idea!;
  return {
    projectId,
    revision: state.revision,
    status: idea.status,
    title: idea.title,
    clinicalNeed: idea.clinicalNeed,
    summary: idea.summary,
    deviceType: idea.deviceType,
    therapeuticArea: idea.therapeuticArea,
    institution: idea.institution,
    department: idea.department,
    submittedBy: idea.submittedBy,
    submittedAt: idea.submittedAt,
    submissions: idea.submissions,
    screenedAt: idea.screenedAt,
    screeningReason: idea.screeningReason,
    disclosure: idea.disclosure,
    project: state.profile ? { stage: state.stage, status: state.status } : null,
  };
}
