import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@app/platform';
import { ProjectorModule } from './projector.module';

// Feeds the read models from the event store on the PostgreSQL server. Run one or several: each projection
// is worked by the process holding its advisory lock, the others stand by. The embedded PGlite is one
// process's file, so there the API runs the projections itself (RUN_PROJECTIONS).
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.embedded) {
    throw new ConfigError(['apps/projector needs DATABASE_URL (with the embedded PGlite the API runs the projections in-process)']);
  }
  const app = await NestFactory.create(ProjectorModule.forRoot(config, { run: true }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Orchestrators probe /health (alive) and /health/ready (database reachable, each projection's lag).
  await app.listen(config.PORT, config.HOST);
  console.log(`Projector running: feeding the read models (health on http://${config.HOST}:${config.PORT}/health/ready; stop with SIGTERM)`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
