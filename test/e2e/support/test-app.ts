import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig, PostgresDatabase } from '@app/platform';
import { createTestDatabase, TestDatabase, TestEngine } from '../../../libs/platform/src/testing';
import { AppModule } from '../../../apps/api/src/app.module';
import { configureApp } from '../../../apps/api/src/configure-app';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  database: TestDatabase;
  openapi: OpenAPIObject;
  close(): Promise<void>;
}

/** The e2e engine: the PostgreSQL server when DATABASE_URL is set (as in CI), else PGlite. */
export function e2eEngine(): TestEngine {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/** The real app, configured as main.ts does, on a fresh database. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { connectThrough?: (url: string) => string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(e2eEngine());
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env, ...(database.url ? { DATABASE_URL: database.url } : {}) });
  // A test may route the app's connections through a proxy it can cut (outage tests).
  const db =
    options.connectThrough && database.url
      ? new PostgresDatabase({ connectionString: options.connectThrough(database.url), max: 5, connectionTimeoutMillis: 1000 })
      : database.db;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, { database: db })] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false });
  const openapi = configureApp(app);
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    database,
    openapi,
    close: async () => {
      await app.close();
      if (db !== database.db) await db.close();
      await database.drop();
    },
  };
}

export const OFFICE = { 'X-Actor-Id': 'office-li', 'X-Actor-Name': 'Li Na', 'X-Actor-Role': 'innovation_office' };
export const LEAD = { 'X-Actor-Id': 'dr-chen', 'X-Actor-Name': 'Dr. Chen Wei', 'X-Actor-Role': 'clinician' };
export const MANAGER = { 'X-Actor-Id': 'mgr-wong', 'X-Actor-Name': 'Wong Mei', 'X-Actor-Role': 'management' };
