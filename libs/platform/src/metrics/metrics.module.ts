import { Controller, Get, Global, Header, Module, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Roles, ScrapeTokenAccepted } from '../auth/access.decorators';

// One registry per application, not prom-client's global one: tests start several apps in one process.
export class MetricsRegistry extends Registry {}

@ApiTags('operations')
// Admins, or a scraper with the static METRICS_TOKEN.
@Roles('admin')
@ScrapeTokenAccepted()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format), incl. projection position and lag' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', type: String })
  async metrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.setHeader('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}

/** GET /metrics; other modules add their gauges to the injectable MetricsRegistry. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: MetricsRegistry,
      useFactory: () => {
        const registry = new MetricsRegistry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
  ],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
