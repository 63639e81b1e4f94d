import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokenService, UserDirectory } from '@app/identity';
import { MANAGER, startTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = 'readiness-details-metrics-token-0123456789';

// Issue 12, "Also": anonymous readiness showed every projection's position and the database engine. A probe gets
// the status; the details are for the metrics token (a scraper) or an admin. Liveness stays public and minimal.
describe('readiness details (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true', METRICS_TOKEN });
  }, 60_000);
  afterAll(() => t.close());

  const details = (body: Record<string, unknown>) => body as { details?: { database?: { engine?: string }; projections?: Record<string, unknown> } };

  it('answers an anonymous probe with the status only', async () => {
    const ready = await request(t.http).get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok' });
    expect(JSON.stringify(ready.body)).not.toMatch(/engine|pglite|postgres|position|projection/i);
    expect((await request(t.http).get('/health').expect(200)).body).toEqual({ status: 'ok' });
  });

  const detailed = { status: 'ok', details: { database: { status: 'up', engine: expect.any(String) }, projections: { status: 'up', pipeline_board: { lag: expect.any(Number) } } } };

  it('shows the checks to the metrics token', async () => {
    const ready = details((await request(t.http).get('/health/ready').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).body);
    expect(ready).toMatchObject(detailed);
  });

  it('gives another role, or a wrong token, the status only (and never a 401: a probe must not fail on a credential)', async () => {
    for (const auth of [MANAGER.Authorization, 'Bearer not-the-metrics-token-0123456789', 'Basic abc']) {
      const ready = await request(t.http).get('/health/ready').set('Authorization', auth).expect(200);
      expect(ready.body).toEqual({ status: 'ok' });
    }
  });
});

describe('readiness details for an admin (e2e)', () => {
  // The API as it is assembled: the identity module lends readiness its authenticator (BEARER_AUTHENTICATOR).
  let t: TestApp;
  let app: INestApplication;
  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    app = t.app;
  }, 60_000);
  afterAll(() => t.close());

  it("shows the checks to an admin's bearer token, and the status only without a token", async () => {
    const directory = app.get(UserDirectory);
    const tokens = app.get(TokenService);
    const tokenOf = async (username: string) => `Bearer ${(await tokens.issue((await directory.find(username))!, {})).accessToken}`;
    const ready = await request(app.getHttpServer()).get('/health/ready').set('Authorization', await tokenOf('ops-root')).expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up', engine: expect.any(String) }, projections: { status: 'up' } } });
    const anonymous = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(anonymous.body).toEqual({ status: 'ok' });
  });
});
