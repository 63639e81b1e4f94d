import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { IsoDate, OneOf, RecordId, Text } from '@app/platform';
import { AUTHORITIES, TRIAL_REGISTRIES } from '../../domain';
import type { Authority, TrialRegistry } from '../../domain';
import { TRIAL_AUTHORISATIONS, TRIAL_PHASES } from '../../domain/templates';
import type { TrialAuthorisation, TrialPhase } from '../../domain/templates';

// Counts of people, never who they are: no patient-identifying data enters the record.
const Count = (min: number, example: number) =>
  applyDecorators(ApiProperty({ type: 'integer', minimum: min, maximum: 1_000_000, example }), IsInt(), Min(min), Max(1_000_000));

export class RegisterTrialRequest {
  @RecordId({ description: 'Made by the server when left out' }) trialId?: string;
  @Text({ max: 500, example: 'Accuracy of a non-invasive glucose detector against venous reference' }) title: string;
  @OneOf(TRIAL_REGISTRIES) registry: TrialRegistry;
  @Text({ max: 64, example: 'ChiCTR2600081234' }) registryId: string;
  @Count(1, 120) targetEnrolment: number;
  @IsoDate() registeredOn: string;
  @OneOf(TRIAL_PHASES, { optional: true, description: 'Phase I-III, or a device feasibility or pivotal study: what a template gate may ask for' })
  phase?: TrialPhase;
}

export class RecordFirstPatientInRequest {
  @IsoDate() occurredOn: string;
}

export class UpdateEnrolmentRequest {
  @Count(0, 48) enrolled: number;
  @IsoDate() asOf: string;
}

export class CompleteTrialRequest {
  @IsoDate() completedOn: string;
  @ApiProperty({ description: 'Whether the primary endpoint was met' }) @IsBoolean() primaryEndpointMet: boolean;
  @Text({ max: 4000, example: 'MARD 9.8% against venous reference; endpoint met.' }) resultSummary: string;
}

export class RecordTrialAuthorisationRequest {
  @RecordId({ description: 'Made by the server when left out' }) authorisationId?: string;
  @OneOf(TRIAL_AUTHORISATIONS, { description: 'IDE and IND (FDA), NMPA_trial_approval (NMPA), CTA (HSA or EU_MDR), EU_clinical_investigation (EU_MDR)' })
  form: TrialAuthorisation;
  @OneOf(AUTHORITIES, { description: 'The authority that granted it: one the project targets' }) authority: Authority;
  @Text({ max: 200, example: 'G250123' }) reference: string;
  @IsoDate() grantedOn: string;
  @RecordId({ description: 'The registered trial it covers, when there is one on the record' }) trialId?: string;
}
