import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsoDate, Nested, OneOf, RecordId, Text } from '@app/platform';
import { RISK_CLASSES } from '../../domain';
import type { RiskClass } from '../../domain';
import { PartnerDto, RegulatoryTargetDto } from '../propose-project/propose-project.request.dto';

/** An invention disclosure the clinician attaches to their idea; it becomes the project's disclosure on acceptance. */
export class IdeaDisclosureDto {
  @RecordId({ description: 'Made by the server when left out' }) disclosureId?: string;
  @Text({ max: 500, example: 'Optical glucose sensing through the fingertip' }) title: string;
  @Text({ max: 4000, example: 'Near-infrared absorption measured through the fingertip, calibrated per patient.' }) summary: string;
  @ApiProperty({ type: [String], maxItems: 50, example: ['Dr. Chen Wei'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  inventors: string[];
  @IsoDate() disclosedOn: string;
}

/** A doctor's idea as they submit it (and submit it again after a decline); the submitter is its lead. */
export class ResubmitIdeaRequest {
  @Text({ max: 200, example: 'Non-invasive blood-glucose detector' }) title: string;
  @Text({ max: 4000, example: 'Patients with diabetes prick their fingers up to six times a day.' }) clinicalNeed: string;
  @Text({ max: 4000, example: 'Optical glucose sensing through the fingertip, no lancet.' }) summary: string;
  @Text({ max: 200, example: 'glucose monitor' }) deviceType: string;
  @Text({ max: 200, example: 'endocrinology' }) therapeuticArea: string;
  @Text({ max: 200, example: 'Shanghai Sixth People’s Hospital' }) institution: string;
  @Text({ max: 200, example: 'Endocrinology' }) department: string;
  @Nested(() => IdeaDisclosureDto, { optional: true }) disclosure?: IdeaDisclosureDto;
}

export class SubmitIdeaRequest extends ResubmitIdeaRequest {
  @RecordId({ description: 'The idea’s id, which the project keeps if it is accepted; made by the server when left out' })
  ideaId?: string;
}

/** The office accepts an idea: the regulatory frame the project starts with. */
export class AcceptIdeaRequest {
  @OneOf(RISK_CLASSES) riskClass: RiskClass;
  @Nested(() => RegulatoryTargetDto, { array: true, maxItems: 10 }) targets: RegulatoryTargetDto[];
  @Nested(() => PartnerDto, { array: true, optional: true, maxItems: 20 }) partners?: PartnerDto[];
  @Text({ optional: true, max: 2000, example: 'Strong clinical need; fits the endocrinology portfolio' }) reason?: string;
}

export class DeclineIdeaRequest {
  @Text({ max: 2000, example: 'A similar device is already in our pipeline; please talk to the office.' }) reason: string;
}
