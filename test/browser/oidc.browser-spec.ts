import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { startTestApp, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium } from '../support/browser';

// AUTH_MODE=oidc in Debian's headless Chromium against a real OpenID provider (oidc-provider) on loopback: the web
// app signs in by authorization code with PKCE (oidc-client-ts), and a gate decision's signature is a fresh sign-in
// at the issuer (prompt=login, max_age=0) whose new access token is the signature's token.
describe('single sign-on through an OpenID provider (headless Chromium)', () => {
  const AUDIENCE = 'medtech-pipeline-api';
  const RESOURCE = 'https://pipeline.hospital.example/api';
  const CLIENT_ID = 'medtech-web';
  const PASSWORD = 'issuer-password-of-li-na';
  // The provider's own accounts: the subject is what the record shows as the actor's id.
  const ACCOUNTS: Record<string, { name: string; roles: string[] }> = {
    'li.na@hospital.example': { name: 'Li Na', roles: ['innovation_office'] },
  };

  let t: TestApp;
  let idp: Server;
  let issuer: string;
  let url: string;
  let browser: Browser;
  let page: Page;
  const logins: string[] = [];
  const pageErrors: string[] = [];
  const consoleLines: string[] = [];

  beforeAll(async () => {
    // The issuer's address must be known before the API starts, and the app's before the client is registered.
    let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
    idp = createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;

    t = await startTestApp({
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: issuer,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_WEB_CLIENT_ID: CLIENT_ID,
      OIDC_WEB_SCOPES: 'openid profile pipeline',
      RUN_PROJECTIONS: 'true',
    });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();

    const provider = await openIdProvider(`${url}/auth/callback`);
    const callback = provider.callback();
    handle = (req, res) => {
      void interaction(provider, req, res).then(
        (handled) => {
          if (!handled) void callback(req, res);
        },
        (error: Error) => res.writeHead(500).end(error.message),
      );
    };

    browser = await launchChromium();
    // Wide enough for the top bar to show the signed-in name (from 1408 px), which the test reads.
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.setDefaultTimeout(30_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 90_000);

  afterEach(async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'oidc-last-step.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    // The API keeps a connection open to the issuer (its key set): close it too.
    idp?.closeAllConnections();
    await new Promise((resolve) => idp?.close(resolve));
  }, 30_000);

  async function openIdProvider(redirectUri: string): Promise<Provider> {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' }] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      pkce: { required: () => true },
      claims: { openid: ['sub'], profile: ['name'] },
      features: {
        devInteractions: { enabled: false },
        // The API is a resource server: its access tokens are JWTs for its audience, carrying the name and roles.
        resourceIndicators: {
          enabled: true,
          defaultResource: () => RESOURCE,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: 'pipeline', audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 600 }),
        },
      },
      interactions: { url: (_ctx: KoaContextWithOIDC, i: { uid: string }) => `/interaction/${i.uid}` },
      findAccount: (_ctx: KoaContextWithOIDC, sub: string) =>
        ACCOUNTS[sub] ? { accountId: sub, claims: () => ({ sub, name: ACCOUNTS[sub].name }) } : undefined,
      extraTokenClaims: (ctx: KoaContextWithOIDC, token: { accountId?: string }) => {
        const account = token.accountId ? ACCOUNTS[token.accountId] : undefined;
        const code = ctx.oidc.entities.AuthorizationCode as { authTime?: number } | undefined;
        return account ? { name: account.name, roles: account.roles, auth_time: code?.authTime } : {};
      },
      // This test's users have consented already: every grant covers the app's scopes and the API's.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid profile');
        grant.addResourceScope(RESOURCE, 'pipeline');
        await grant.save();
        return grant;
      },
    } as ConstructorParameters<typeof Provider>[1]);
    return provider;
  }

  // The issuer's sign-in page: a plain form; a right password finishes the login interaction.
  async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (!path.startsWith('/interaction/')) return false;
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      const sub = form.get('username') ?? '';
      if (!ACCOUNTS[sub] || form.get('password') !== PASSWORD) {
        res.writeHead(401, { 'Content-Type': 'text/html' }).end('<p id="idp-error">Wrong user name or password</p>');
        return true;
      }
      logins.push(sub);
      await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
      return true;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><title>Hospital sign-in</title><form id="idp-login" method="post" action="/interaction/${details.uid}">` +
        '<label>User <input name="username"></label><label>Password <input name="password" type="password"></label>' +
        '<button type="submit">Sign in at the hospital</button></form>',
    );
    return true;
  }

  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
    });

  async function signInAtIssuer(at: Page) {
    await at.waitForSelector('#idp-login');
    await at.fill('#idp-login [name=username]', 'li.na@hospital.example');
    await at.fill('#idp-login [name=password]', PASSWORD);
    await at.click('#idp-login button[type=submit]');
  }

  const sessionToken = () => page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('token'));

  it('signs in by clicking: the issuer’s form, back through /auth/callback to the screen asked for, with the dashboard', async () => {
    await page.goto(`${url}/my-work`);
    await page.waitForSelector('#oidc-sign-in');
    await page.click('#oidc-sign-in');
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/interaction/`));
    await signInAtIssuer(page);
    await page.waitForURL(`${url}/my-work`).catch(async (error: Error) => {
      throw new Error(`${error.message}\nat ${page.url()}: ${await page.locator('body').innerText()}\n${consoleLines.join('\n')}`);
    });
    await page.goto(`${url}/`);
    await page.waitForSelector('main[data-loaded=true]');
    await page.screenshot({ path: join(ARTIFACTS, 'oidc-dashboard.png'), fullPage: true });

    const token = (await sessionToken())!;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: 'li.na@hospital.example', roles: ['innovation_office'] });
    const me = await request(t.http).get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ mode: 'oidc', actor: { id: 'li.na@hospital.example', name: 'Li Na', role: 'innovation_office' } });
    expect(logins).toEqual(['li.na@hospital.example']);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('signs a gate decision with a fresh sign-in at the issuer, whose new token is the signature', async () => {
    const bearer = { Authorization: `Bearer ${(await sessionToken())!}` };
    const proposal = glucoseDetectorProposal();
    await request(t.http).post('/projects').set(bearer).send(proposal).expect(201);

    await page.goto(`${url}/projects/${proposal.projectId}`);
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form #signature-reauthentication');
    expect(await page.locator('#gate-decision-form [name="password"]').count()).toBe(0);
    await page.selectOption('#gate-decision-form [name="decision"]', 'hold');
    await page.fill('#gate-decision-form [name="reason"]', 'Waiting for the partner’s funding decision');
    const sent: { token?: string }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/gate-decisions')) sent.push((r.postDataJSON() as { signature: { token?: string } }).signature);
    });
    // The issuer asks again, although its session is alive (prompt=login, max_age=0).
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.click('#gate-decision-form button[type=submit]')]);
    await signInAtIssuer(popup);
    await page.waitForSelector('#signature-manifest');
    expect(await page.locator('#signature-manifest').textContent()).toContain('Li Na');
    await page.screenshot({ path: join(ARTIFACTS, 'oidc-signed.png'), fullPage: true });
    expect(logins).toEqual(['li.na@hospital.example', 'li.na@hospital.example']);
    // The signature's token is the fresh sign-in's, not the session's, and says when that sign-in happened.
    expect(sent).toHaveLength(1);
    expect(sent[0].token).toBeDefined();
    expect(sent[0].token).not.toBe(bearer.Authorization.slice('Bearer '.length));
    const fresh = JSON.parse(Buffer.from(sent[0].token!.split('.')[1], 'base64url').toString());
    expect(fresh).toMatchObject({ sub: 'li.na@hospital.example', aud: AUDIENCE });
    expect(Math.abs(Date.now() / 1000 - fresh.auth_time)).toBeLessThan(120);

    const history = (await request(t.http).get(`/projects/${proposal.projectId}/history`).set(bearer).expect(200)).body.events;
    const hold = history.find((e: { type: string }) => e.type === 'ProjectPutOnHold');
    expect(hold).toMatchObject({ actor: { id: 'li.na@hospital.example', role: 'innovation_office' }, data: { signature: { printedName: 'Li Na', meaning: 'paused' } } });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('an expired or revoked token sends the user to sign in again, and back to the screen they were on', async () => {
    const before = logins.length;
    await page.evaluate(() => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('token', 'no.longer.valid'));
    await page.goto(`${url}/my-work`);
    await page.waitForURL(`${url}/sign-in?next=${encodeURIComponent('/my-work')}`);
    await page.click('#oidc-sign-in');
    // The issuer's session is still alive: no form this time, straight back with a new token.
    await page.waitForURL(`${url}/my-work`);
    await page.getByText('Li Na (innovation office)').waitFor();
    expect(await sessionToken()).not.toBe('no.longer.valid');
    expect(logins).toHaveLength(before);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
