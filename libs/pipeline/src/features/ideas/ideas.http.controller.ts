import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { APP_ROLES, principalOf, Roles } from '@app/platform';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  foldProject,
  ProjectIdParam,
  projectStreamId,
  withEtag,
} from '../../application';
import type { RequestContext } from '../../application';
import { DomainError, personKey } from '../../domain';
import type { IdeaDisclosure } from '../../domain';
import { AcceptIdeaRequest, DeclineIdeaRequest, IdeaDisclosureDto, ResubmitIdeaRequest, SubmitIdeaRequest } from './ideas.request.dto';
import { IdeaView, toIdeaView } from './idea.view';
import { toPartners, toRegulatoryTargets } from '../propose-project/propose-project.request.dto';

const CLINICIANS = ['clinician'] as const;

// Doctors submit ideas; the innovation office screens them into projects (same id, same stream) or declines them.
@ApiTags('ideas')
@Controller('ideas')
export class IdeasHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @CommandEndpoint('Submit an idea (clinician)', {
    created: true,
    roles: CLINICIANS,
    description:
      'A clinician submits an idea, as its lead; an invention disclosure may be attached. The office then accepts it ' +
      '(it becomes a project at stage idea, same id) or declines it with a reason the clinician reads.',
  })
  async submit(
    @Body() body: SubmitIdeaRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const { ideaId, ...content } = body;
    const projectId = ideaId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'SubmitIdea', data: { ...content, projectId, disclosure: disclosureOf(body.disclosure) } }, context),
    );
    res.location(`/ideas/${projectId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/resubmission')
  @CommandEndpoint('Submit a declined idea again, revised (its submitter only)', { roles: CLINICIANS })
  async resubmit(
    @ProjectIdParam() projectId: string,
    @Body() body: ResubmitIdeaRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'ResubmitIdea', data: { ...body, projectId, disclosure: disclosureOf(body.disclosure) } }, context),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/acceptance')
  @CommandEndpoint('Accept an idea: it becomes a project at stage idea (office)', {
    description:
      'Records IdeaAccepted, then ProjectProposed with the idea’s content, the submitting clinician as lead (and on the team) and ' +
      'the risk class, targets and partners given here, then the attached invention disclosure if any. A declined idea is refused ' +
      '(409 idea_declined) until its clinician submits it again.',
  })
  async accept(
    @ProjectIdParam() projectId: string,
    @Body() body: AcceptIdeaRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        {
          type: 'AcceptIdea',
          data: {
            projectId,
            riskClass: body.riskClass,
            targets: toRegulatoryTargets(body.targets),
            partners: toPartners(body.partners),
            reason: body.reason ?? null,
          },
        },
        context,
      ),
    );
    res.location(`/projects/${projectId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/decline')
  @CommandEndpoint('Decline an idea with a reason the clinician reads (office)')
  async decline(
    @ProjectIdParam() projectId: string,
    @Body() body: DeclineIdeaRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(new ExecuteProjectCommand({ type: 'DeclineIdea', data: { projectId, reason: body.reason } }, context));
    return withEtag(res, result);
  }

  @Get(':projectId')
  @Roles(...APP_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'An idea: what was submitted, by whom, and what became of it (a clinician sees their own ideas only)' })
  @ApiOkResponse({ type: IdeaView })
  async get(@ProjectIdParam() projectId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<IdeaView> {
    const state = foldProject(await this.store.readStream(projectStreamId(projectId)));
    const principal = principalOf(req);
    // Unpublished inventions: a clinician reads only the ideas they submitted; to anyone else they do not exist.
    const hidden = principal.actor.role === 'clinician' && state.idea && personKey(state.idea.submittedBy.id) !== personKey(principal.actor.id);
    if (!state.idea || hidden) throw new DomainError('idea_not_found', `No idea ${projectId}.`, { projectId });
    res.setHeader('ETag', `"${state.revision}"`);
    return toIdeaView(projectId, state);
  }
}

function disclosureOf(given: IdeaDisclosureDto | undefined): IdeaDisclosure | null {
  return given ? { ...given, disclosureId: given.disclosureId ?? randomUUID() } : null;
}
