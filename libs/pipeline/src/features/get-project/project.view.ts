import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { missingEvidence, nextStage, ProjectState, STAGES, PROJECT_STATUSES } from '../../domain';
import type { MissingEvidence, ProjectProfile, Stage, ProjectStatus } from '../../domain';

class MissingEvidenceView {
  @ApiProperty({ example: 'ethics_approval' }) code: string;
  @ApiProperty({ example: 'An ethics committee approval for the clinical study' }) message: string;
}

/** A project as its stream folds today, or as the record showed it at `asOf`. */
export class ProjectView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 7, description: 'Stream revision; also the ETag' }) revision: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'Present when the view is of a past instant' }) asOf?: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: ProjectStatus;
  @ApiProperty({ enum: STAGES, nullable: true, description: 'Where a "go" would take the project' }) nextStage: Stage | null;
  @ApiProperty({ type: [MissingEvidenceView], description: 'Evidence the next gate still needs' })
  missingEvidence: MissingEvidence[];
  @ApiProperty({ description: 'Title, device, risk class, targets, institution, lead clinician' })
  profile: ProjectProfile;
  @ApiProperty({ description: 'Every record by kind: disclosures, patents, prototypes, verificationTests, designReviews, ethicsApprovals, trials, equivalenceEvaluations, submissions, approvals, milestones', type: Object })
  records: Record<string, unknown[]>;
  @ApiProperty({ type: [Object] }) team: unknown[];
  @ApiProperty({ type: [Object] }) partners: unknown[];
  @ApiProperty({ type: [Object], description: 'Signed gate decisions, oldest first' }) gateDecisions: unknown[];
  @ApiProperty({ type: [Object], description: 'Stages entered, with when' }) stageHistory: unknown[];
  @ApiProperty({ type: [Object], description: 'Corrections: field, old value, new value, reason' }) corrections: unknown[];
  @ApiProperty({ type: [Object] }) retractions: unknown[];
}

const RECORD_REGISTRIES = [
  'disclosures',
  'patents',
  'prototypes',
  'verificationTests',
  'designReviews',
  'ethicsApprovals',
  'trials',
  'equivalenceEvaluations',
  'submissions',
  'approvals',
  'milestones',
] as const;

export function toProjectView(state: ProjectState, asOf?: string): ProjectView {
  const profile = state.profile as ProjectProfile;
  return {
    projectId: profile.projectId,
    revision: state.revision,
    ...(asOf ? { asOf } : {}),
    stage: state.stage,
    status: state.status,
    nextStage: state.status === 'active' ? nextStage(state) : null,
    missingEvidence: state.status === 'active' ? missingEvidence(state) : [],
    profile,
    records: Object.fromEntries(RECORD_REGISTRIES.map((r) => [r, Object.values(state[r])])),
    team: Object.values(state.team),
    partners: Object.values(state.partners),
    gateDecisions: state.gateDecisions,
    stageHistory: state.stageHistory,
    corrections: state.corrections,
    retractions: state.retractions,
  };
}
