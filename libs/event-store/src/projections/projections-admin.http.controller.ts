import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/platform';
import type { ProjectionStatus, RebuildProgress } from './projection';
import { ProjectionRunner } from './projection-runner';
import { RebuildProjectionCommand } from './rebuild-projection.command';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/projections')
export class ProjectionsAdminHttpController {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every projection: checkpoint, position, head, lag, running here, last error, rebuild progress, and the event it is stuck at',
    description:
      'A projection that cannot apply an event stops just before it (never skips it) and shows it under `stuck` (event id, position, type, error, attempts, next retry). Fix the cause, then rebuild it, or let the retry resume it.',
  })
  @ApiOkResponse({ description: '{ projections: ProjectionStatus[] }' })
  async list(): Promise<{ projections: ProjectionStatus[] }> {
    return { projections: await this.runner.status() };
  }

  @Post(':name/rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Rebuild a projection (or all) from position 0 into new tables, then switch over atomically',
    description: 'Queries keep answering from the old tables meanwhile. Progress: GET /admin/projections.',
  })
  @ApiAcceptedResponse({ description: '{ rebuilding: { <name>: RebuildProgress } }' })
  async rebuild(@Param('name') name: string): Promise<{ rebuilding: Record<string, RebuildProgress> }> {
    return { rebuilding: await this.commands.execute(new RebuildProjectionCommand(name)) };
  }
}
