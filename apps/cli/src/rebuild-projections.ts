import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Logger } from 'nestjs-pino';
import { RebuildProjectionCommand } from '@app/event-store';
import { ConfigError, loadConfig } from '@app/platform';
import { ProjectorModule } from '../../projector/src/projector.module';

// Usage: node dist/apps/cli/src/rebuild-projections.js <projection|all>
// Rebuilds into new tables from position 0 and switches over when caught up; progress is logged
// (events/s, %). On the server it may run while the API and the projector keep working; with the
// embedded PGlite, stop the API first (its data directory belongs to one process).
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new ConfigError(['Name a projection to rebuild, or all']);
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(loadConfig(), { run: false }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    const done = await app.get(CommandBus).execute(new RebuildProjectionCommand(name, true));
    for (const [projection, progress] of Object.entries(done)) {
      console.log(`${projection}: ${progress.state}, ${progress.processed} events, ${progress.eventsPerSecond} events/s`);
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
  process.exit(1);
});
