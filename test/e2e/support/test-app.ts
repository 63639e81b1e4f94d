import { jest } from '@jest/globals';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig, PostgresDatabase } from '@app/platform';
import { PasswordHasher, SYSTEM_ACTOR, TokenService, UserAccounts, UserDirectory } from '@app/identity';
import type { UserRole } from '@app/identity';
import { createTestDatabase, TestDatabase, TestEngine } from '../../../libs/platform/src/testing';
import { AppModule } from '../../../apps/api/src/app.module';
import { configureApp } from '../../../apps/api/src/configure-app';

// Each file starts a real app on a fresh database and signs its users in: seconds on a busy machine.
jest.setTimeout(30_000);

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  database: TestDatabase;
  openapi: OpenAPIObject;
  /** A bearer token for one of the harness's users (or any user made since), e.g. already expired. */
  tokenFor(username: string, options?: { expiresInSeconds?: number }): Promise<string>;
  /** Creates another active account with a known password (`${username}-password`). */
  createUser(user: TestUser): Promise<{ Authorization: string }>;
  close(): Promise<void>;
}

export interface TestUser {
  username: string;
  personId?: string;
  name: string;
  role: UserRole;
}

// The accounts every e2e app starts with. dr-chen is the lead clinician of the fixture projects;
// dr-chen-office is the same person's second account, in the innovation office role.
export const TEST_USERS = {
  office: { username: 'office-li', name: 'Li Na', role: 'innovation_office' },
  lead: { username: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician' },
  manager: { username: 'mgr-wong', name: 'Wong Mei', role: 'management' },
  admin: { username: 'ops-root', name: 'Ops Admin', role: 'admin' },
  leadAsOffice: { username: 'dr-chen-office', personId: 'dr-chen', name: 'Dr. Chen Wei', role: 'innovation_office' },
} satisfies Record<string, TestUser>;

export const passwordOf = (username: string) => `${username}-password`;
/** What a gate decision's signature adds to re-authenticate the innovation office's Li Na. */
export const OFFICE_PASSWORD = passwordOf(TEST_USERS.office.username);

// Header sets, filled with a bearer token for their user when an app starts (one app per test file at a time).
export const OFFICE: Record<string, string> = {};
export const LEAD: Record<string, string> = {};
export const MANAGER: Record<string, string> = {};
export const ADMIN: Record<string, string> = {};
export const LEAD_AS_OFFICE: Record<string, string> = {};
const HEADERS: Record<keyof typeof TEST_USERS, Record<string, string>> = {
  office: OFFICE,
  lead: LEAD,
  manager: MANAGER,
  admin: ADMIN,
  leadAsOffice: LEAD_AS_OFFICE,
};

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
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    // Known, so the one-time password is not printed into the test output.
    BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap-admin-password',
    ...env,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
  // A test may route the app's connections through a proxy it can cut (outage tests).
  const db =
    options.connectThrough && database.url
      ? new PostgresDatabase({ connectionString: options.connectThrough(database.url), max: 5, connectionTimeoutMillis: 1000 })
      : database.db;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, { database: db })] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false });
  const openApiDocument = configureApp(app);
  await app.init();
  const openapi = openApiDocument();

  const accounts = app.get(UserAccounts);
  const hasher = app.get(PasswordHasher);
  const tokens = app.get(TokenService);
  const directory = app.get(UserDirectory);
  const tokenFor = async (username: string, options: { expiresInSeconds?: number } = {}) => {
    const user = await directory.find(username);
    if (!user) throw new Error(`No test user ${username}`);
    return (await tokens.issue(user, options)).accessToken;
  };
  const createUser = async (user: TestUser) => {
    if (config.AUTH_MODE === 'builtin') {
      await accounts.execute(
        {
          type: 'CreateUser',
          data: { username: user.username, personId: user.personId ?? user.username, name: user.name, role: user.role, mustChangePassword: false },
          metadata: { actor: SYSTEM_ACTOR, account: SYSTEM_ACTOR.id },
        },
        { passwordHash: await hasher.hash(passwordOf(user.username)) },
      );
      return { Authorization: `Bearer ${await tokenFor(user.username)}` };
    }
    return { Authorization: '' };
  };
  await Promise.all(
    (Object.entries(TEST_USERS) as [keyof typeof TEST_USERS, TestUser][]).map(async ([key, user]) => {
      const headers = HEADERS[key];
      for (const name of Object.keys(headers)) delete headers[name];
      Object.assign(headers, await createUser(user));
    }),
  );

  return {
    app,
    http: app.getHttpServer(),
    database,
    openapi,
    tokenFor,
    createUser,
    close: async () => {
      await app.close();
      if (db !== database.db) await db.close();
      await database.drop();
    },
  };
}
