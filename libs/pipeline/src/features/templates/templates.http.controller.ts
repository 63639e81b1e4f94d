import { Controller, Get, Param } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { problem, ProblemError } from '@app/platform';
import { BUILT_IN_TEMPLATES } from '../../domain/templates';
import { QueryEndpoint } from '../../application';
import { TemplateListView, TemplateView, templateView } from './template.view';

// The pathway templates projects can be bound to. The built-in ones are version 1 of their template; the library
// stream that records admins' definitions and revisions (domain/templates/template-library.decider.ts) is not served yet.
@ApiTags('templates')
@Controller('templates')
export class TemplatesHttpController {
  @Get()
  @QueryEndpoint(
    'The pathway templates, each with its stages, gate evidence, approval rules and sources',
    TemplateListView,
  )
  list(): TemplateListView {
    return { templates: BUILT_IN_TEMPLATES.map((t) => templateView(t, 1)) };
  }

  @Get(':templateId')
  @ApiParam({ name: 'templateId', example: 'fda_pma' })
  @QueryEndpoint('One pathway template, its latest version', TemplateView)
  get(@Param('templateId') templateId: string): TemplateView {
    const template = BUILT_IN_TEMPLATES.find((t) => t.templateId === templateId);
    if (!template) {
      throw new ProblemError(
        problem(404, 'template_not_found', 'Template not found', { detail: `No template ${templateId}.` }),
      );
    }
    return templateView(template, 1);
  }
}
