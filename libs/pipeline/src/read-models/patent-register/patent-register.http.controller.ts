import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { QueryEndpoint } from '../../application';
import { GetPatentsQuery } from './get-patents.query';
import { GetPatentsRequest } from './patent-register.request.dto';
import { PatentRegisterView } from './patent-register.view';

@ApiTags('pipeline')
@Controller('pipeline')
export class PatentRegisterHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('patents')
  @QueryEndpoint('The patent register', PatentRegisterView, 'Corrected values shown, retracted patents left out; newest filing first.')
  patents(@QueryParams() params: GetPatentsRequest): Promise<PatentRegisterView> {
    return this.queries.execute(new GetPatentsQuery(params));
  }
}
