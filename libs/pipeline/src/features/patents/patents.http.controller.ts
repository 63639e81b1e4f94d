import { randomUUID } from 'node:crypto';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  ProjectIdParam,
  withEtag,
} from '../../application';
import type { RequestContext } from '../../application';
import { onDay, RecordIdParam } from '../command-parts/command-parts';
import {
  AbandonPatentRequest,
  FilePatentRequest,
  RecordPatentGrantedRequest,
  RecordPatentPublishedRequest,
} from './patents.request.dto';

// A patent's life: filed → published → granted, or abandoned at any point while live.
@ApiTags('patents')
@Controller('projects')
export class PatentsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/patents')
  @CommandEndpoint('File a patent application', { description: 'The evidence for the patent → prototype gate.' })
  async file(
    @ProjectIdParam() projectId: string,
    @Body() body: FilePatentRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const patentId = body.patentId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'FilePatent', data: { ...body, projectId, patentId } }, context, onDay(body.filedOn)),
    );
    res.location(`/projects/${projectId}/patents/${patentId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/patents/:patentId/publication')
  @CommandEndpoint('Record that a patent application was published')
  async publish(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('patentId') patentId: string,
    @Body() body: RecordPatentPublishedRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordPatentPublished', data: { ...body, projectId, patentId } },
        context,
        onDay(body.publishedOn),
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/patents/:patentId/grant')
  @CommandEndpoint('Record that a patent was granted', { description: 'From filed (e.g. a CN utility model) or published.' })
  async grant(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('patentId') patentId: string,
    @Body() body: RecordPatentGrantedRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordPatentGranted', data: { ...body, projectId, patentId } },
        context,
        onDay(body.grantedOn),
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/patents/:patentId/abandonment')
  @CommandEndpoint('Abandon a patent', { description: 'A reason is required.' })
  async abandon(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('patentId') patentId: string,
    @Body() body: AbandonPatentRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'AbandonPatent', data: { ...body, projectId, patentId } },
        context,
        onDay(body.abandonedOn),
      ),
    );
    return withEtag(res, result);
  }
}
