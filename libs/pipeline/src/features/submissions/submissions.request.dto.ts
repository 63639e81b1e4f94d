import { IsoDate, OneOf, RecordId, Text } from '@app/platform';
import { AUTHORITIES, PATHWAYS } from '../../domain';
import type { Authority, Pathway } from '../../domain';


export class FileSubmissionRequest {
  @RecordId({ description: 'Made by the server when left out' }) submissionId?: string;
  @OneOf(AUTHORITIES) authority: Authority;
  @OneOf(PATHWAYS, { description: 'Must be one the authority offers (checked by the domain)' }) pathway: Pathway;
  @Text({ max: 200, example: 'CQZ2600123' }) reference: string;
  @IsoDate() filedOn: string;
}

export class RecordSubmissionDeficiencyRequest {
  @IsoDate() receivedOn: string;
  @Text({ max: 4000, example: 'Provide the clinical data for users with darker skin tones.' }) summary: string;
}

export class AnswerSubmissionDeficiencyRequest {
  @IsoDate() answeredOn: string;
  @Text({ max: 4000, example: 'Subgroup analysis by Fitzpatrick type attached.' }) summary: string;
}

export class RecordSubmissionApprovalRequest {
  @Text({ max: 200, example: '国械注准20263070123' }) certificateNumber: string;
  @IsoDate() approvedOn: string;
  @Text({ max: 8, example: 'III', description: "The authority's class for the device (checked by the domain)" })
  deviceClass: string;
}

export class RecordSubmissionRejectionRequest {
  @IsoDate() rejectedOn: string;
  @Text({ max: 2000, example: 'Clinical evidence insufficient for the claimed indication' }) reason: string;
}
