import { Controller, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { problem, ProblemError, Roles, READERS } from '@app/platform';
import { OFFICE_OR_CLINICIAN, ProblemResponse, ProjectIdParam, withEtag } from '../../application';
import { DOCUMENT_PURPOSES, DOCUMENT_RECORD_KINDS } from '../../domain';
import { DocumentsService } from './documents.service';
import { DocumentAcceptedResponse, DocumentView, toDocumentView } from './documents.view';

const problemContent = (description: string) => ({ description, type: ProblemResponse });
const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function documentIdParam(value: string): string {
  if (!DOCUMENT_ID.test(value)) {
    throw new ProblemError(
      problem(400, 'validation_failed', 'Invalid request', { detail: 'documentId must be a UUID', errors: [{ field: 'documentId', messages: ['must be a UUID'] }] }),
    );
  }
  return value.toLowerCase();
}

const UPLOAD_ERRORS = [
  ApiConsumes('multipart/form-data'),
  ApiHeader({ name: 'If-Match', required: false, description: 'The ETag (revision) the client saw; stale → 412 before any byte is stored' }),
  ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and the same file writes once' }),
  ApiBadRequestResponse(problemContent('No file, an empty file (empty_document) or an invalid field')),
  ApiForbiddenResponse(problemContent('The role may not attach to this record, or the user is not on the project team')),
  ApiNotFoundResponse(problemContent('Unknown project')),
  ApiConflictResponse(problemContent('A domain rule refused it: unknown or retracted record, document already superseded...')),
  ApiPreconditionFailedResponse(problemContent('If-Match is stale; nothing was stored')),
  ApiPayloadTooLargeResponse(problemContent('document_too_large: over DOCUMENT_MAX_BYTES, refused while streaming; nothing was stored')),
  ApiUnsupportedMediaTypeResponse(problemContent('Not multipart, an executable (executable_refused), or a media type its content contradicts (media_type_mismatch)')),
  ApiServiceUnavailableResponse(problemContent('Database unreachable; retry after Retry-After seconds; nothing was stored')),
];

@ApiTags('documents')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('projects')
export class DocumentsHttpController {
  constructor(private readonly documents: DocumentsService) {}

  @Post(':projectId/documents')
  @Roles(...OFFICE_OR_CLINICIAN)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Attach a document (a test report, an ethics letter, a certificate...) to an evidence record',
    description:
      'multipart/form-data: the fields `kind` (the record kind), `recordId`, `purpose` and, for a deficiency letter or answer, ' +
      '`deficiency` (0 = the first received), then the part `file`. The file streams in and is hashed as it comes (sha256); ' +
      'the event DocumentAttached records its id, sha256, file name, media type and size. Same roles and team rules as the record.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'recordId', 'file'],
      properties: {
        kind: { type: 'string', enum: [...DOCUMENT_RECORD_KINDS] },
        recordId: { type: 'string' },
        purpose: { type: 'string', enum: [...DOCUMENT_PURPOSES] },
        deficiency: { type: 'integer', minimum: 0 },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ description: 'Recorded; ETag is the new revision', type: DocumentAcceptedResponse })
  @(applyAll(UPLOAD_ERRORS))
  async attach(
    @ProjectIdParam() projectId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentAcceptedResponse> {
    const accepted = await this.documents.upload(req, res, { type: 'AttachDocument', projectId });
    res.location(`/projects/${projectId}/documents/${accepted.documentId}`);
    return withEtag(res, accepted) as DocumentAcceptedResponse;
  }

  @Post(':projectId/documents/:documentId/versions')
  @Roles(...OFFICE_OR_CLINICIAN)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'A new version of a document: it supersedes the old one on the same record, with a reason',
    description: 'multipart/form-data: the field `reason`, then the part `file`. The old version stays on the record and in the history.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason', 'file'],
      properties: { reason: { type: 'string', maxLength: 4000 }, file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ description: 'Recorded; ETag is the new revision', type: DocumentAcceptedResponse })
  @(applyAll(UPLOAD_ERRORS))
  async supersede(
    @ProjectIdParam() projectId: string,
    @Param('documentId') documentId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentAcceptedResponse> {
    const supersedes = documentIdParam(documentId);
    const accepted = await this.documents.upload(req, res, { type: 'SupersedeDocument', projectId, supersedes });
    res.location(`/projects/${projectId}/documents/${accepted.documentId}`);
    return withEtag(res, accepted) as DocumentAcceptedResponse;
  }

  @Get(':projectId/documents')
  @Roles(...READERS)
  @ApiOperation({ summary: "Every document on the project's records, each version (superseded ones name their successor)" })
  @ApiOkResponse({ type: [DocumentView] })
  @ApiNotFoundResponse(problemContent('Unknown project'))
  async list(@ProjectIdParam() projectId: string): Promise<DocumentView[]> {
    const state = await this.documents.state(projectId);
    return Object.values(state.documents)
      .sort((a, b) => a.revision - b.revision)
      .map(toDocumentView);
  }

  @Get(':projectId/documents/:documentId')
  @Roles(...READERS)
  @ApiOperation({ summary: "A document's record: its file name, media type, size, sha256, record and versions" })
  @ApiOkResponse({ type: DocumentView })
  @ApiNotFoundResponse(problemContent('Unknown project or document'))
  async get(@ProjectIdParam() projectId: string, @Param('documentId') documentId: string): Promise<DocumentView> {
    const state = await this.documents.state(projectId);
    return toDocumentView(found(state.documents, documentIdParam(documentId)));
  }

  @Get(':projectId/documents/:documentId/content')
  @Roles(...READERS)
  @ApiOperation({
    summary: "A document's bytes, checked against the sha256 its event recorded",
    description:
      'Always `Content-Disposition: attachment` (RFC 6266, the exact name as filename*), `Content-Security-Policy: sandbox` and ' +
      '`nosniff`: HTML and SVG are never rendered by the API. Bytes that no longer match their hash are never served: 500 ' +
      'document_integrity_failed, or (found only at the end of a large file) the connection is cut before the last bytes.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with their media type', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse(problemContent('Unknown project or document'))
  @ApiInternalServerErrorResponse(problemContent('document_integrity_failed: the stored bytes do not match the record'))
  async content(@ProjectIdParam() projectId: string, @Param('documentId') documentId: string, @Res() res: Response): Promise<void> {
    const state = await this.documents.state(projectId);
    await this.documents.download(res, found(state.documents, documentIdParam(documentId)));
  }
}

function found<T>(documents: Record<string, T>, documentId: string): T {
  if (!Object.prototype.hasOwnProperty.call(documents, documentId)) {
    throw new ProblemError(problem(404, 'document_not_found', 'Document not found', { detail: `No document ${documentId} on this project.`, documentId }));
  }
  return documents[documentId];
}

function applyAll(decorators: readonly MethodDecorator[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const decorator of decorators) decorator(target, key, descriptor);
  };
}
