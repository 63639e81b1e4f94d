// The ceiling for scenario 2: the same route and body as "log a milestone", in a minimal Nest app (same
// Nest version and platform, same pg pool size as the API's default) that does one INSERT and answers.
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Inject, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';

const POOL = Symbol('POOL');

@Controller()
class BareMilestoneController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Post('projects/:projectId/milestones')
  @HttpCode(200)
  async log(@Param('projectId') projectId: string, @Body() body: Record<string, unknown>): Promise<{ id: string }> {
    const { rows } = await this.pool.query<{ id: string }>(
      'INSERT INTO bare_milestones (project_id, data) VALUES ($1, $2) RETURNING id',
      [projectId, JSON.stringify(body)],
    );
    return { id: rows[0].id };
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({
  controllers: [BareMilestoneController],
  providers: [
    {
      provide: POOL,
      useFactory: async () => {
        const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10) });
        await pool.query('CREATE TABLE IF NOT EXISTS bare_milestones (id bigserial PRIMARY KEY, project_id text NOT NULL, data jsonb NOT NULL)');
        return pool;
      },
    },
  ],
})
class BareModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1');
}

void bootstrap();
