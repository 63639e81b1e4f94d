import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/platform';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.listen(config.PORT, config.HOST);
  const where = config.embedded ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL server';
  console.log(`API on http://${config.HOST}:${config.PORT} (docs at /docs), events in ${where}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
