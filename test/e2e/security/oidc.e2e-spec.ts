import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWTPayload, SignJWT } from 'jose';
import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

// AUTH_MODE=oidc against an identity provider this test plays itself: discovery and a JWKS on loopback.
describe('OpenID Connect issuer (e2e)', () => {
  let t: TestApp;
  let server: Server;
  let issuer: string;
  let signingKey: Key;
  let strangerKey: Key;
  const AUDIENCE = 'medtech-pipeline-api';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestApp({ AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_ROLES_CLAIM: 'realm_access.roles', AUTH_USER_CACHE_MS: '0', OIDC_WEB_CLIENT_ID: 'medtech-web' });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  async function token(
    sub: string,
    roles: string[],
    options: { key?: Key; aud?: string; iss?: string; exp?: number; authTime?: number; name?: string; jti?: string } = {},
  ) {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      name: options.name ?? sub,
      realm_access: { roles: [...roles, 'offline_access'] },
      auth_time: options.authTime ?? now,
      ...(options.jti ? { jti: options.jti } : {}),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setSubject(sub)
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(options.exp ?? now + 300)
      .sign(options.key ?? signingKey);
  }
  const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });

  it('takes who and the role from the issuer’s token; the record shows the token’s subject', async () => {
    const office = bearer(await token('li.na@hospital.example', ['innovation_office'], { name: 'Li Na' }));
    const body = glucoseDetectorProposal();
    await request(t.http).post('/projects').set(office).send(body).expect(201);
    const manager = bearer(await token('wong.mei@hospital.example', ['management']));
    const history = (await request(t.http).get(`/projects/${body.projectId}/history`).set(manager).expect(200)).body;
    expect(history.events[0].actor).toMatchObject({ id: 'li.na@hospital.example', name: 'Li Na', role: 'innovation_office' });
    await request(t.http).post('/projects').set(manager).send(glucoseDetectorProposal()).expect(403);
  });

  it('refuses tokens of another key, audience or issuer, expired ones, and role claims that name none or several roles', async () => {
    const code = async (value: string) => (await request(t.http).get('/projects').set(bearer(value))).body.code;
    expect(await code(await token('x', ['management'], { key: strangerKey }))).toBe('invalid_token');
    expect(await code(await token('x', ['management'], { aud: 'another-api' }))).toBe('invalid_token');
    expect(await code(await token('x', ['management'], { iss: 'https://elsewhere.example' }))).toBe('invalid_token');
    expect(await code(await token('x', ['management'], { exp: Math.floor(Date.now() / 1000) - 60 }))).toBe('token_expired');
    expect(await code(await token('x', []))).toBe('no_role');
    expect(await code(await token('x', ['management', 'admin']))).toBe('ambiguous_role');
  });

  it('tells the web app, before anyone signs in, where and as which client to sign in', async () => {
    expect((await request(t.http).get('/auth/config').expect(200)).body).toEqual({ mode: 'oidc', issuer, clientId: 'medtech-web', scopes: 'openid profile' });
  });

  it('has no built-in sign-in', async () => {
    expect((await request(t.http).post('/auth/login').send({ username: 'li', password: 'whatever-it-is' }).expect(404)).body.code).toBe('login_not_available');
  });

  it('signs a gate decision with a fresh token of the same subject only', async () => {
    const sub = 'li.na@hospital.example';
    const office = bearer(await token(sub, ['innovation_office'], { name: 'Li Na' }));
    const body = glucoseDetectorProposal();
    await request(t.http).post('/projects').set(office).send(body).expect(201);
    const gate = async (signatureToken: string) =>
      request(t.http)
        .post(`/projects/${body.projectId}/gate-decisions`)
        .set({ ...office, 'If-Match': '"0"' })
        .send({ decision: 'hold', reason: 'Awaiting funding', signature: { meaning: 'paused', printedName: 'Li Na', token: signatureToken } });

    const stale = await token(sub, ['innovation_office'], { authTime: Math.floor(Date.now() / 1000) - 3600 });
    expect((await gate(stale)).body.code).toBe('signature_authentication_failed');
    expect((await gate(await token('someone.else', ['innovation_office']))).body.code).toBe('signature_authentication_failed');
    const res = await gate(await token(sub, ['innovation_office']));
    expect(res.status).toBe(200);
    expect(res.body.events).toMatchObject([{ type: 'ProjectPutOnHold' }]);
  });

  it('a signature needs a token of its own: never the request’s bearer token, and each signs once (by jti, or the token itself)', async () => {
    const sub = 'chan.wing@hospital.example';
    const session = await token(sub, ['innovation_office'], { name: 'Chan Wing', jti: randomUUID() });
    const office = bearer(session);
    const body = glucoseDetectorProposal();
    await request(t.http).post('/projects').set(office).send(body).expect(201);
    let revision = 0;
    const gate = (decision: 'hold' | 'resume', signatureToken: string) =>
      request(t.http)
        .post(`/projects/${body.projectId}/gate-decisions`)
        .set({ ...office, 'If-Match': `"${revision}"` })
        .send({ decision, reason: 'Awaiting funding', signature: { meaning: decision, printedName: 'Chan Wing', token: signatureToken } });

    // The bearer token is fresh, of the same subject, but proves a session, not presence at signing.
    expect((await gate('hold', session).expect(401)).body.code).toBe('signature_authentication_failed');
    const once = await token(sub, ['innovation_office'], { name: 'Chan Wing', jti: randomUUID() });
    await gate('hold', once).expect(200);
    revision++;
    expect((await gate('resume', once).expect(401)).body.code).toBe('signature_authentication_failed');
    // The same jti in another token is the same token to the issuer.
    const sameJti = await token(sub, ['innovation_office'], { name: 'Another Chan Wing', jti: JSON.parse(Buffer.from(once.split('.')[1], 'base64url').toString()).jti });
    expect((await gate('resume', sameJti).expect(401)).body.code).toBe('signature_authentication_failed');
    // Without a jti, the token itself is what was spent.
    const plain = await token(sub, ['innovation_office'], { name: 'Chan Wing, no jti' });
    await gate('resume', plain).expect(200);
    revision++;
    expect((await gate('hold', plain).expect(401)).body.code).toBe('signature_authentication_failed');

    // Every refused signature is on the subject's user stream, though it has no local account.
    const { rows } = await t.database.db.query<{ type: string; data: { projectId: string; reason: string } }>(
      'SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_revision',
      [`user-${sub}`],
    );
    expect(rows.map((r) => [r.type, r.data.reason])).toEqual([
      ['UserSignatureFailed', 'token_is_bearer'],
      ['UserSignatureFailed', 'token_already_used'],
      ['UserSignatureFailed', 'token_already_used'],
      ['UserSignatureFailed', 'token_already_used'],
    ]);
    expect(rows.every((r) => r.data.projectId === body.projectId)).toBe(true);
  });

  it('a locally locked account is refused even with a valid issuer token', async () => {
    const admin = bearer(await token('root@hospital.example', ['admin']));
    const sub = 'departed@hospital.example';
    const theirs = bearer(await token(sub, ['management']));
    await request(t.http).get('/projects').set(theirs).expect(200);
    await request(t.http).post('/admin/users').set(admin).send({ username: sub, name: 'Departed', role: 'management', initialPassword: 'unused-password-1' }).expect(201);
    await request(t.http).post(`/admin/users/${sub}/lock`).set(admin).send({ reason: 'Left the hospital' }).expect(200);
    expect((await request(t.http).get('/projects').set(theirs).expect(401)).body.code).toBe('account_locked');
  });
});
