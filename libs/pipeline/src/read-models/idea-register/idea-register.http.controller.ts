import { Controller, Get, Query as QueryParams, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { principalOf } from '@app/platform';
import { QueryEndpoint } from '../../application';
import { personKey } from '../../domain';
import { GetIdeasQuery } from './get-ideas.query';
import { GetIdeasRequest } from './idea-register.request.dto';
import { IdeaRegisterView } from './idea-register.view';

@ApiTags('ideas')
@Controller('ideas')
export class IdeaRegisterHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @QueryEndpoint(
    'Doctors’ ideas: the screening queue (status=submitted), counts, acceptance rate and screening time',
    IdeaRegisterView,
    'A clinician sees the ideas they submitted (“my ideas”) and what became of them; the office and management see all.',
  )
  ideas(@QueryParams() params: GetIdeasRequest, @Req() req: Request): Promise<IdeaRegisterView> {
    const { actor } = principalOf(req);
    return this.queries.execute(new GetIdeasQuery(params, actor.role === 'clinician' ? personKey(actor.id) : undefined));
  }
}
