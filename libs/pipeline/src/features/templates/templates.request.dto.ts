import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { Text } from '@app/platform';
import type { PathwayTemplate } from '../../domain/templates';

// The template's own shape is checked whole by the domain (validateTemplate), which names each problem.
export class DefineTemplateRequest {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The template (see GET /templates/{templateId})',
  })
  @IsObject()
  template: PathwayTemplate;
}

export class ReviseTemplateRequest extends DefineTemplateRequest {
  @ApiProperty({ description: 'The version the revision was made from: a stale one is refused', example: 1 })
  @IsInt()
  @Min(1)
  expectedVersion: number;
  @Text({ max: 2000, example: 'Add the ethics committee letter to the clinical gate' }) reason: string;
}

export class GetTemplateRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    example: 1,
    description: 'That version (what a project bound to it follows); the latest when absent',
  })
  version?: number;
}
