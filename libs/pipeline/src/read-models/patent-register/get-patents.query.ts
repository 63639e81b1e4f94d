import { Query } from '@nestjs/cqrs';
import type { GetPatentsRequest } from './patent-register.request.dto';
import type { PatentRegisterView } from './patent-register.view';

export class GetPatentsQuery extends Query<PatentRegisterView> {
  constructor(readonly request: GetPatentsRequest) {
    super();
  }
}
