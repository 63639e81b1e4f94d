import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

type Doc = Omit<ApiPropertyOptions, 'type' | 'format' | 'enum'>;

function optionalOr(optional: boolean | undefined, doc: Doc): PropertyDecorator[] {
  return optional ? [IsOptional(), ApiPropertyOptional(doc as ApiPropertyOptions)] : [];
}

/** A calendar date, YYYY-MM-DD, that exists (no 2025-02-30), from 1900 and not after tomorrow: the record's dates are of things that happened. */
export function IsoDate(doc: Doc & { optional?: boolean } = {}): PropertyDecorator {
  const { optional, ...rest } = doc;
  return applyDecorators(
    ...optionalOr(optional, { ...rest, example: rest.example ?? '2026-03-14' }),
    ...(optional ? [] : [ApiProperty({ type: String, format: 'date', example: '2026-03-14', ...rest } as ApiPropertyOptions)]),
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date as YYYY-MM-DD' }),
    ValidateBy({
      name: 'isRealDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isRealDate(value),
        defaultMessage: () => '$property must be a real calendar date between 1900 and today',
      },
    }),
  );
}

export function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return false;
  const year = d.getUTCFullYear();
  // Tomorrow in UTC is still today east of it (UTC+14 at most).
  return year >= 1900 && d.getTime() <= Date.now() + 86_400_000;
}

/** An ISO 8601 instant with a time zone. */
export function IsoInstant(doc: Doc & { optional?: boolean } = {}): PropertyDecorator {
  const { optional, ...rest } = doc;
  return applyDecorators(
    ...(optional
      ? [IsOptional(), ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-03-14T09:30:00Z', ...rest } as ApiPropertyOptions)]
      : [ApiProperty({ type: String, format: 'date-time', example: '2026-03-14T09:30:00Z', ...rest } as ApiPropertyOptions)]),
    IsDateString({ strict: true, strictSeparator: true }),
    Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: '$property must carry a time zone (Z or ±hh:mm)' }),
  );
}

/** Non-empty text with a length limit (the record is not a file store). */
export function Text(doc: Doc & { optional?: boolean; max?: number } = {}): PropertyDecorator {
  const { optional, max = 2000, ...rest } = doc;
  return applyDecorators(
    ...(optional
      ? [IsOptional(), ApiPropertyOptional({ type: String, maxLength: max, ...rest } as ApiPropertyOptions)]
      : [ApiProperty({ type: String, maxLength: max, ...rest } as ApiPropertyOptions)]),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
  );
}

/** A record id chosen by the client (a UUID); the server makes one when it is left out. */
export function RecordId(doc: Doc & { optional?: boolean } = {}): PropertyDecorator {
  const { optional = true, ...rest } = doc;
  return applyDecorators(
    ...(optional
      ? [IsOptional(), ApiPropertyOptional({ type: String, format: 'uuid', ...rest } as ApiPropertyOptions)]
      : [ApiProperty({ type: String, format: 'uuid', ...rest } as ApiPropertyOptions)]),
    IsUUID('all'),
  );
}

/** One of a fixed list of values, documented as an enum. */
export function OneOf(values: readonly string[], doc: Doc & { optional?: boolean } = {}): PropertyDecorator {
  const { optional, ...rest } = doc;
  return applyDecorators(
    ...(optional
      ? [IsOptional(), ApiPropertyOptional({ enum: values, ...rest } as ApiPropertyOptions)]
      : [ApiProperty({ enum: values, ...rest } as ApiPropertyOptions)]),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
  );
}

/** A nested object (or array of them) validated as its own DTO class. */
export function Nested(type: () => new () => object, doc: Doc & { optional?: boolean; array?: boolean; maxItems?: number } = {}): PropertyDecorator {
  const { optional, array, maxItems = 50, ...rest } = doc;
  // Swagger treats only a function named `type` as a lazy type; an anonymous thunk would become an empty $ref.
  const apiDoc = { type: () => type(), isArray: array, ...rest } as ApiPropertyOptions;
  return applyDecorators(
    // ValidateNested passes a missing value: a required nested object must be there (IsDefined) to be validated.
    ...(optional ? [IsOptional(), ApiPropertyOptional(apiDoc)] : [IsDefined(), ApiProperty(apiDoc)]),
    ...(array ? [IsArray(), ArrayMaxSize(maxItems)] : []),
    ValidateNested({ each: array }),
    Type(type),
  );
}

export type { ValidationOptions };
