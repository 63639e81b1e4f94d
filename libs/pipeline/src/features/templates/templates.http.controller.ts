import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { problem, ProblemError, Roles } from '@app/platform';
import { CommandContext, ProblemResponse, QueryEndpoint } from '../../application';
import type { RequestContext } from '../../application';
import { latestVersion } from '../../domain/templates';
import type { TemplateLibraryState } from '../../domain/templates';
import { DefineTemplateRequest, GetTemplateRequest, ReviseTemplateRequest } from './templates.request.dto';
import { TemplateLibrary } from './template-library.service';
import { TemplateListView, TemplateView, templateView } from './template.view';

// The pathway templates projects can be bound to: the built-in ones (version 1 from code) and every version an
// admin defined or revised, each recorded as an event on the template's own stream.
@ApiTags('templates')
@Controller('templates')
export class TemplatesHttpController {
  constructor(private readonly library: TemplateLibrary) {}

  @Get()
  @QueryEndpoint(
    'The pathway templates, each at its latest version: stages, gate evidence, approval rules and sources',
    TemplateListView,
  )
  async list(): Promise<TemplateListView> {
    return { templates: (await this.library.all()).map(latestView) };
  }

  @Get(':templateId')
  @ApiParam({ name: 'templateId', example: 'fda_pma' })
  @QueryEndpoint('One pathway template: its latest version, or the version asked for', TemplateView)
  async get(@Param('templateId') templateId: string, @Query() query: GetTemplateRequest): Promise<TemplateView> {
    if (query.version === undefined) return latestView(await this.library.load(templateId));
    const found = await this.library.version(templateId, query.version);
    return templateView(found.template, found.version);
  }

  @Post()
  @LibraryEndpoint('Define a new pathway template (admin): its version 1, recorded as an event')
  async define(
    @Body() body: DefineTemplateRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TemplateView> {
    const templateId = String((body.template as { templateId?: unknown }).templateId ?? '');
    const state = await this.library.execute(
      templateId,
      { type: 'DefineTemplate', data: { template: body.template } },
      context,
    );
    res.location(`/templates/${templateId}`);
    return latestView(state);
  }

  @Post(':templateId/revisions')
  @ApiParam({ name: 'templateId', example: 'fda_pma' })
  @LibraryEndpoint('Revise a pathway template (admin): the next version, with its reason; projects keep theirs')
  async revise(
    @Param('templateId') templateId: string,
    @Body() body: ReviseTemplateRequest,
    @CommandContext() context: RequestContext,
  ): Promise<TemplateView> {
    const { template, expectedVersion, reason } = body;
    const state = await this.library.execute(
      templateId,
      { type: 'ReviseTemplate', data: { templateId, expectedVersion, template, reason } },
      context,
    );
    return latestView(state);
  }
}

/** An admin's change to the library: its answer and every problem it can answer. */
function LibraryEndpoint(summary: string) {
  const problem = (description: string) => ({ description, type: ProblemResponse });
  return applyDecorators(
    Roles('admin'),
    HttpCode(201),
    ApiExtraModels(ProblemResponse),
    ApiOperation({ summary }),
    ApiCreatedResponse({ type: TemplateView, description: 'The template at its new version' }),
    ApiBadRequestResponse(problem('Invalid request body')),
    ApiUnauthorizedResponse(problem('No valid bearer token')),
    ApiForbiddenResponse(problem('Not an admin')),
    ApiNotFoundResponse(problem('Unknown template (revision)')),
    ApiConflictResponse(
      problem(
        'invalid_template (each problem named), template_already_exists, template_version_mismatch, template_unchanged',
      ),
    ),
    ApiPreconditionFailedResponse(
      problem('Not answered here: a stale edit is a 409 template_version_mismatch (expectedVersion)'),
    ),
    ApiPayloadTooLargeResponse(problem('Body over the limit')),
    ApiUnsupportedMediaTypeResponse(problem('Not application/json')),
    ApiServiceUnavailableResponse(problem('Database unreachable; retry after Retry-After seconds')),
  );
}

function latestView(state: TemplateLibraryState): TemplateView {
  const latest = latestVersion(state);
  if (!latest) {
    throw new ProblemError(
      problem(404, 'template_not_found', 'Template not found', { detail: `No template ${state.templateId}.` }),
    );
  }
  return templateView(latest.template, latest.version);
}
