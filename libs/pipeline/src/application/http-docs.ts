import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
  ApiForbiddenResponse,
} from '@nestjs/swagger';
import { Roles, READERS } from '@app/platform';
import type { AppRole } from '@app/platform';

export class ProblemResponse {
  @ApiProperty({ example: 'https://medtech-pipeline.dev/problems/gate_evidence_missing' }) type: string;
  @ApiProperty({ example: 'Gate evidence missing' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'gate_evidence_missing', description: 'Stable machine-readable code' }) code: string;
  @ApiPropertyOptional({ example: 'The gate prototype → clinical_validation still needs: ethics approval' }) detail?: string;
  @ApiPropertyOptional({ example: '/projects/0b6f…/gate-decisions' }) instance?: string;
}

class EventRef {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'PatentFiled' }) type: string;
  @ApiProperty({ example: 3 }) revision: number;
}

export class CommandAcceptedResponse {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 3, description: "The project's new revision, also sent as ETag" }) revision: number;
  @ApiProperty({ example: 1042, description: 'Global position of the last event written (read-your-writes)' }) globalPosition: number;
  @ApiProperty({ type: [EventRef] }) events: EventRef[];
}

const problemContent = (description: string) => ({ description, type: ProblemResponse });

// Who may call each command route: the role-level rule (the domain still checks the project's team).
export const OFFICE_ONLY: readonly AppRole[] = ['innovation_office'];
export const OFFICE_OR_CLINICIAN: readonly AppRole[] = ['innovation_office', 'clinician'];

/** Documents a state-changing endpoint: its success, every error it can answer, and the headers it honours. */
export function CommandEndpoint(
  summary: string,
  options: { created?: boolean; description?: string; roles?: readonly AppRole[] } = {},
) {
  return applyDecorators(
    Roles(...(options.roles ?? OFFICE_ONLY)),
    ApiExtraModels(ProblemResponse),
    ApiOperation({ summary, description: options.description }),
    HttpCode(options.created ? HttpStatus.CREATED : HttpStatus.OK),
    ApiHeader({ name: 'If-Match', required: false, description: 'The ETag (revision) the client saw; stale → 412' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retry with the same key, by the same account, of the same request returns the first response (marked by the ' +
        'Idempotent-Replayed: true header) and writes nothing, once the account may still send it (else 403). ' +
        'A key is scoped to the account and the project; reused for another command or body → 422 idempotency_key_reused.',
    }),
    options.created
      ? ApiCreatedResponse({ description: 'Recorded; ETag is the new revision', type: CommandAcceptedResponse })
      : ApiOkResponse({ description: 'Recorded; ETag is the new revision', type: CommandAcceptedResponse }),
    ApiBadRequestResponse(problemContent('Invalid body, header or parameter; every invalid field is named')),
    ApiUnauthorizedResponse(problemContent('No valid bearer token')),
    ApiForbiddenResponse(problemContent('The role may not do this, or the user is not on the project team')),
    ApiNotFoundResponse(problemContent('Unknown project')),
    ApiConflictResponse(problemContent('A domain rule refused the command; `code` names the rule, `missing` the evidence')),
    ApiPreconditionFailedResponse(problemContent('If-Match is stale; nothing was written')),
    ApiUnprocessableEntityResponse(problemContent('idempotency_key_reused: the Idempotency-Key was used for another request; nothing was written')),
    ApiPayloadTooLargeResponse(problemContent('Body over the limit')),
    ApiUnsupportedMediaTypeResponse(problemContent('Body is not application/json')),
    ApiServiceUnavailableResponse(problemContent('Database unreachable; retry after Retry-After seconds')),
  );
}

/** Documents a read endpoint; every signed-in role may read. */
export function QueryEndpoint(summary: string, type: unknown, description?: string) {
  return applyDecorators(
    Roles(...READERS),
    ApiExtraModels(ProblemResponse),
    ApiOperation({ summary, description }),
    ApiOkResponse({ type: type as never }),
    ApiBadRequestResponse(problemContent('Invalid parameter')),
    ApiNotFoundResponse(problemContent('Unknown project')),
    ApiServiceUnavailableResponse(problemContent('Database unreachable; retry after Retry-After seconds')),
  );
}
