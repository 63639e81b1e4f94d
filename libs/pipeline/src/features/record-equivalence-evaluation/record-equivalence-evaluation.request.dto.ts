import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsoDate, RecordId, Text } from '@app/platform';

export class RecordEquivalenceEvaluationRequest {
  @RecordId({ description: 'Made by the server when left out' }) evaluationId?: string;
  @Text({ max: 200, example: 'FreeStyle Libre 2' }) predicateDevice: string;
  @Text({ max: 200, example: 'Abbott Diabetes Care' }) predicateManufacturer: string;
  @Text({ max: 64, example: 'K193371', description: "The predicate's registration or clearance number" })
  predicateReference: string;
  @ApiProperty({ description: 'Whether equivalence was shown' }) @IsBoolean() equivalent: boolean;
  @IsoDate() evaluatedOn: string;
}
