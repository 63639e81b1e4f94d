import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { problem, ProblemError, Roles } from '@app/platform';
import { CommandContext, QueryEndpoint } from '../../application';
import type { RequestContext } from '../../application';
import { latestVersion } from '../../domain/templates';
import type { TemplateLibraryState } from '../../domain/templates';
import { DefineTemplateRequest, ReviseTemplateRequest } from './templates.request.dto';
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
  @QueryEndpoint('One pathway template, its latest version', TemplateView)
  async get(@Param('templateId') templateId: string): Promise<TemplateView> {
    return latestView(await this.library.load(templateId));
  }

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Define a new pathway template (admin): its version 1, recorded as an event' })
  @ApiCreatedResponse({ type: TemplateView })
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
  @Roles('admin')
  @HttpCode(201)
  @ApiParam({ name: 'templateId', example: 'fda_pma' })
  @ApiOperation({
    summary: 'Revise a pathway template (admin): the next version, with its reason; projects keep theirs',
  })
  @ApiCreatedResponse({ type: TemplateView })
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

function latestView(state: TemplateLibraryState): TemplateView {
  const latest = latestVersion(state);
  if (!latest) {
    throw new ProblemError(
      problem(404, 'template_not_found', 'Template not found', { detail: `No template ${state.templateId}.` }),
    );
  }
  return templateView(latest.template, latest.version);
}
