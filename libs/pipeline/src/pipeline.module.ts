import { Module } from '@nestjs/common';
import { ExecuteProjectCommandHandler } from './application';
import { ProposeProjectHttpController } from './features/propose-project/propose-project.http.controller';

/** The device-project pipeline: one controller per use case, one bus handler that runs them all. */
@Module({
  controllers: [ProposeProjectHttpController],
  providers: [ExecuteProjectCommandHandler],
})
export class PipelineModule {}
