import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request } from 'express';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/access.decorators';
import { AppConfig } from '../config/app-config';
import { SQL_DATABASE } from '../database';
import type { SqlDatabase } from '../database';
import { problem, ProblemError } from '../http/problem';
import { BEARER_AUTHENTICATOR, BearerAuthenticator, NotReadyError, ReadinessCheck, ReadinessChecks } from './readiness';

const CHECK_TIMEOUT_MS = 2_000;

// Probes answer without a token: orchestrators cannot sign in. What readiness says beyond up or down (the
// engine, each projection's position, a stuck projection's event) is for operators: the metrics token or an admin.
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly checks: ReadinessChecks,
    private readonly config: AppConfig,
    private readonly modules: ModuleRef,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers ({ status: "ok" })' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the database answers and every registered check is up (projection lag, no stuck projection); 503 when not',
    description:
      'Anonymous callers get the status only. With the metrics token or an admin bearer token: every check, the engine, each projection (position, lag, a stuck projection and its event).',
  })
  @ApiHeader({ name: 'Authorization', required: false, description: 'Bearer METRICS_TOKEN, or an admin bearer token: adds the details' })
  async ready(@Req() req: Request) {
    const detailed = await this.showsDetails(req);
    const checks = [
      this.indicator('database', async () => {
        await this.db.query('SELECT 1');
        return { engine: this.db.engine };
      }),
      ...this.checks.entries().map(([name, check]) => this.indicator(name, check)),
    ];
    try {
      const result = await this.health.check(checks);
      return detailed ? result : { status: result.status };
    } catch (error) {
      // Detailed: the problem filter turns terminus's 503 into not_ready naming the checks that are down.
      if (detailed) throw error;
      throw new ProblemError(
        problem(503, 'not_ready', 'Not ready', { detail: 'Not ready. The checks are shown with the metrics token or an admin bearer token.' }),
      );
    }
  }

  private indicator(name: string, check: ReadinessCheck): () => Promise<HealthIndicatorResult> {
    return async () => {
      const session = this.indicators.check(name);
      try {
        return session.up(await withTimeout(check(), CHECK_TIMEOUT_MS));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return session.down({ message, ...(error instanceof NotReadyError ? error.details : {}) });
      }
    };
  }

  // The metrics token (a scraper), or an admin's token; a missing or refused token gets the status only (never a 401:
  // a probe must not fail on a credential).
  private async showsDetails(req: Request): Promise<boolean> {
    const token = /^Bearer\s+([\x21-\x7e]+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return false;
    if (sameSecret(token, this.config.METRICS_TOKEN)) return true;
    const authenticator = this.authenticator();
    if (!authenticator) return false;
    try {
      const principal = await authenticator.authenticate(token);
      return principal.actor.role === 'admin' && !principal.mustChangePassword;
    } catch {
      return false;
    }
  }

  // Looked up in any module (the identity module provides it in the API; the projector has none).
  private authenticator(): BearerAuthenticator | null {
    try {
      return this.modules.get<BearerAuthenticator>(BEARER_AUTHENTICATOR, { strict: false });
    } catch {
      return null;
    }
  }
}

function sameSecret(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
