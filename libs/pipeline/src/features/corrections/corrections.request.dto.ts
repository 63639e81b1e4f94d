import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { Nested, OneOf, Text } from '@app/platform';
import { RECORD_KINDS } from '../../domain';
import type { CorrectableValue, RecordKind } from '../../domain';

const RETRACTABLE_KINDS = RECORD_KINDS.filter((kind) => kind !== 'project' && kind !== 'partner');
type RetractableKind = Exclude<RecordKind, 'project' | 'partner'>;
const RECORD_ID = { max: 128, description: "The record's id; for kind project the projectId, for approval the submissionId" };

/** A field value as the record holds it: text (≤ 4000), a finite number, a flag, or null. */
function IsCorrectableValue(description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description,
      nullable: true,
      oneOf: [{ type: 'string', maxLength: 4000 }, { type: 'number' }, { type: 'boolean' }],
      example: '2026-03-14',
    }),
    ValidateBy({
      name: 'isCorrectableValue',
      validator: {
        validate: (value: unknown) =>
          value === null ||
          typeof value === 'boolean' ||
          (typeof value === 'number' && Number.isFinite(value)) ||
          (typeof value === 'string' && value.length <= 4000),
        defaultMessage: () => '$property must be a string (at most 4000 characters), a number, a boolean or null',
      },
    }),
  );
}

export class RecordRefDto {
  @OneOf(RECORD_KINDS) kind: RecordKind;
  @Text(RECORD_ID) id: string;
}

export class RetractableRecordRefDto {
  @OneOf(RETRACTABLE_KINDS, { description: 'Projects and partners cannot be retracted' }) kind: RetractableKind;
  @Text(RECORD_ID) id: string;
}

export class CorrectRecordRequest {
  @Nested(() => RecordRefDto) target: RecordRefDto;
  @Text({ max: 64, example: 'occurredOn', description: 'Which field; the domain knows which fields each kind may correct' })
  field: string;
  @IsCorrectableValue('The value the record holds now; must match, so a correction never hides what it corrects')
  oldValue: CorrectableValue;
  @IsCorrectableValue('The corrected value') newValue: CorrectableValue;
  @Text({ max: 2000, example: 'Date typed from the wrong site log' }) reason: string;
}

export class RetractRecordRequest {
  @Nested(() => RetractableRecordRefDto) target: RetractableRecordRefDto;
  @Text({ max: 2000, example: 'Logged on the wrong project' }) reason: string;
}
