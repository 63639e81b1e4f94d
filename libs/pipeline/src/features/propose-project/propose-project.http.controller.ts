import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PERSON_DIRECTORY } from '@app/platform';
import type { PersonDirectory } from '@app/platform';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  withEtag,
} from '../../application';
import type { RequestContext } from '../../application';
import { requireKnownPerson } from '../command-parts/command-parts';
import { TemplateLibrary } from '../templates/template-library.service';
import { ProposeProjectRequest, toPartners, toRegulatoryTargets } from './propose-project.request.dto';

@ApiTags('projects')
@Controller('projects')
export class ProposeProjectHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(PERSON_DIRECTORY) private readonly persons: PersonDirectory,
    private readonly templates: TemplateLibrary,
  ) {}

  @Post()
  @CommandEndpoint('Propose a device project', {
    created: true,
    description:
      'Starts the project at stage idea. The lead clinician is a person: `leadClinician.id` is kept trimmed and in lower case ' +
      'and must be the personId of an account (else 422 unknown_person), so the lead can never sign the project’s gates from another account.',
  })
  async propose(
    @Body() body: ProposeProjectRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const projectId = body.projectId ?? randomUUID();
    await requireKnownPerson(this.persons, body.leadClinician.id, 'leadClinician.id');
    // The version is read from the library here: the event keeps it whole, so the project's past never changes meaning.
    const { template: ref, ...fields } = body;
    const template = ref ? await this.templates.version(ref.templateId, ref.version) : undefined;
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        {
          type: 'ProposeProject',
          data: {
            ...fields,
            ...(template ? { template } : {}),
            projectId,
            targets: toRegulatoryTargets(body.targets),
            partners: toPartners(body.partners),
          },
        },
        context,
      ),
    );
    res.location(`/projects/${projectId}`);
    return withEtag(res, result);
  }
}
