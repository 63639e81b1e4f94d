import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { RecordId, Text } from '@app/platform';
import { MAX_CONDITION_EVIDENCE, MAX_CONDITION_TEXT } from '../../domain';

/** One condition of a conditional go. */
export class GoConditionDto {
  @RecordId({ description: 'Made by the server when left out' }) conditionId?: string;
  @Text({ max: MAX_CONDITION_TEXT, example: 'Commission a freedom-to-operate search before the prototype build' }) text: string;
  @Text({ max: 200, example: 'dr-tan', description: "The owner's person id: someone on the project's active team" }) ownerId: string;
  // A day to come, so not @IsoDate (which takes days that happened); the domain checks it is today or later.
  @ApiProperty({ type: String, format: 'date', example: '2026-06-30', description: 'The last day to close it: today or later' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date as YYYY-MM-DD' })
  dueOn: string;
}

export class CloseConditionRequest {
  @Text({ max: MAX_CONDITION_EVIDENCE, example: 'FTO search report FTO-2026-07 filed; no blocking patent found' }) evidence: string;
  @Text({ optional: true, max: 200, description: 'A document on the project that shows it (its documentId)' }) documentId?: string;
}
