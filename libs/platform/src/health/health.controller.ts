import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/access.decorators';
import { SQL_DATABASE } from '../database';
import type { SqlDatabase } from '../database';
import { ReadinessChecks } from './readiness';

// Probes answer without a token: orchestrators cannot sign in.
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly checks: ReadinessChecks,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers (503 when it does not), plus registered checks (projection lag)' })
  ready() {
    return this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.db.query('SELECT 1');
            return { engine: this.db.engine };
          })
          .withTimeout(2000),
      ...this.checks.entries().map(([name, check]) => () => this.indicators.check(name).attempt(check).withTimeout(2000)),
    ]);
  }
}
