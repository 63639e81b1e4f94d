import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Nested, Text } from '@app/platform';
import { SignatureDto } from '../gate-decisions/gate-decisions.request.dto';

/** Moving a project to a newer version of the template it is bound to: a signed decision, with its reason. */
export class MoveToTemplateVersionRequest {
  @Text({
    max: 64,
    example: 'fda_pma',
    description: 'The template the project is bound to (a project never changes template)',
  })
  templateId: string;
  @ApiProperty({
    type: 'integer',
    minimum: 2,
    example: 2,
    description: 'A version newer than the bound one (GET /templates/{id}?version=)',
  })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
  @Text({ max: 2000, example: 'The office now asks two reviewers at the design gate' }) reason: string;
  @Nested(() => SignatureDto) signature: SignatureDto;
}
