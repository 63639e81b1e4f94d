import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { ADMIN, LEAD, MANAGER, OFFICE, startTestApp, TestApp } from '../support/test-app';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@app/identity';

type Role = 'admin' | 'innovation_office' | 'clinician' | 'management';
const ALL: Role[] = ['admin', 'innovation_office', 'clinician', 'management'];
const READERS = ALL;
const OFFICE_ONLY: Role[] = ['innovation_office'];
const OFFICE_OR_CLINICIAN: Role[] = ['innovation_office', 'clinician'];
const CLINICIAN_ONLY: Role[] = ['clinician'];
const ADMIN_ONLY: Role[] = ['admin'];

// Who may call each route. Every route the server answers must be here: a new endpoint fails the first test
// until someone decides who may call it.
const ACCESS: Record<string, 'public' | Role[]> = {
  'GET /health': 'public',
  'GET /health/ready': 'public',
  'POST /auth/login': 'public',
  'GET /auth/config': 'public',
  'POST /auth/password': ALL,
  'POST /auth/logout': ALL,
  'GET /auth/me': ALL,
  'GET /metrics': ADMIN_ONLY,

  'GET /admin/verify': ADMIN_ONLY,
  'GET /admin/projections': ADMIN_ONLY,
  'POST /admin/projections/{name}/rebuild': ADMIN_ONLY,
  'POST /admin/portfolio-imports': ADMIN_ONLY,
  'GET /admin/users': ADMIN_ONLY,
  'POST /admin/users': ADMIN_ONLY,
  'GET /admin/users/{username}': ADMIN_ONLY,
  'POST /admin/users/{username}/role': ADMIN_ONLY,
  'POST /admin/users/{username}/lock': ADMIN_ONLY,
  'POST /admin/users/{username}/unlock': ADMIN_ONLY,
  'POST /admin/users/{username}/password': ADMIN_ONLY,
  'POST /admin/users/{username}/projects': ADMIN_ONLY,
  'POST /admin/users/{username}/projects/{projectId}/removal': ADMIN_ONLY,

  'GET /people': ['innovation_office', 'admin'],
  'GET /templates': READERS,
  'GET /templates/{templateId}': READERS,
  'POST /templates': ADMIN_ONLY,
  'POST /templates/{templateId}/revisions': ADMIN_ONLY,
  'GET /projects': READERS,
  'GET /projects/{projectId}': READERS,
  'GET /projects/{projectId}/history': READERS,
  'GET /projects/{projectId}/audit-report': ['innovation_office', 'management', 'admin'],
  'GET /pipeline/board': READERS,
  'GET /pipeline/stalled': READERS,
  'GET /pipeline/funnel': READERS,
  'GET /pipeline/time-in-stage': READERS,
  'GET /pipeline/patents': READERS,
  'GET /pipeline/trials': READERS,
  'GET /pipeline/activity': READERS,
  'GET /pipeline/drill-down': READERS,
  'GET /deadlines': READERS,
  'GET /projects/{projectId}/deadlines': READERS,
  'POST /me/calendar-feed': READERS,
  'POST /me/calendar-feed/revocation': READERS,
  'GET /me/notifications': READERS,
  'POST /me/notifications/read-all': READERS,
  'POST /me/notifications/{id}/read': READERS,
  'GET /me/notification-preferences': READERS,
  'POST /me/notification-preferences': READERS,
  'POST /admin/webhooks': ADMIN_ONLY,
  'GET /admin/webhooks': ADMIN_ONLY,
  'GET /admin/webhooks/{id}/deliveries': ADMIN_ONLY,
  'POST /admin/webhooks/{id}/removal': ADMIN_ONLY,
  'GET /calendar/{file}': 'public',
  'GET /live/events': READERS,

  'POST /projects': OFFICE_ONLY,
  'POST /ideas': CLINICIAN_ONLY,
  'POST /ideas/{projectId}/resubmission': CLINICIAN_ONLY,
  'POST /ideas/{projectId}/acceptance': OFFICE_ONLY,
  'POST /ideas/{projectId}/decline': OFFICE_ONLY,
  'GET /ideas/{projectId}': READERS,
  'GET /ideas': READERS,
  'POST /projects/{projectId}/invention-disclosures': OFFICE_ONLY,
  'POST /projects/{projectId}/patents': OFFICE_ONLY,
  'POST /projects/{projectId}/patents/{patentId}/publication': OFFICE_ONLY,
  'POST /projects/{projectId}/patents/{patentId}/grant': OFFICE_ONLY,
  'POST /projects/{projectId}/patents/{patentId}/abandonment': OFFICE_ONLY,
  'POST /projects/{projectId}/prototypes': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/verification-tests': OFFICE_ONLY,
  'POST /projects/{projectId}/design-reviews': OFFICE_ONLY,
  'POST /projects/{projectId}/ethics-approvals': OFFICE_ONLY,
  'POST /projects/{projectId}/trials': OFFICE_ONLY,
  'POST /projects/{projectId}/trial-authorisations': OFFICE_ONLY,
  'POST /projects/{projectId}/designations': OFFICE_ONLY,
  'POST /projects/{projectId}/trials/{trialId}/first-patient-in': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/trials/{trialId}/enrolment': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/trials/{trialId}/completion': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/equivalence-evaluations': OFFICE_ONLY,
  'POST /projects/{projectId}/submissions': OFFICE_ONLY,
  'POST /projects/{projectId}/submissions/{submissionId}/deficiencies': OFFICE_ONLY,
  'POST /projects/{projectId}/submissions/{submissionId}/deficiency-answers': OFFICE_ONLY,
  'POST /projects/{projectId}/submissions/{submissionId}/approval': OFFICE_ONLY,
  'POST /projects/{projectId}/submissions/{submissionId}/rejection': OFFICE_ONLY,
  'POST /projects/{projectId}/team-members': OFFICE_ONLY,
  'POST /projects/{projectId}/team-members/{memberId}/removal': OFFICE_ONLY,
  'POST /projects/{projectId}/partners': OFFICE_ONLY,
  'POST /projects/{projectId}/partners/{partnerId}/removal': OFFICE_ONLY,
  'POST /projects/{projectId}/milestones': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/corrections': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/retractions': OFFICE_OR_CLINICIAN,
  // A template gate's rule may count clinicians' and management's signatures; the domain refuses the rest (403).
  'POST /projects/{projectId}/gate-decisions': ['innovation_office', 'clinician', 'management'],
  'GET /projects/{projectId}/gate-decisions/pending': READERS,
  'POST /projects/{projectId}/gate-decisions/signature-revocations': ['innovation_office', 'clinician', 'management'],
  'POST /projects/{projectId}/conditions/{conditionId}/close': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/template-versions': OFFICE_ONLY,
  // Documents: uploaded by whoever may record the record they attach to (the domain checks kind, team, author).
  'POST /projects/{projectId}/documents': OFFICE_OR_CLINICIAN,
  'POST /projects/{projectId}/documents/{documentId}/versions': OFFICE_OR_CLINICIAN,
  'GET /projects/{projectId}/documents': READERS,
  'GET /projects/{projectId}/documents/{documentId}': READERS,
  'GET /projects/{projectId}/documents/{documentId}/content': READERS,
};

// Every route the app serves (Nest controllers), from Express's router: the static dashboard and Swagger UI
// are files and docs, not routes.
function servedRoutes(t: TestApp): string[] {
  const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  const routes = router.stack
    .filter((layer) => layer.route && !layer.route.path.includes('*'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
    )
    .filter((r) => !/ \/(docs|openapi)/.test(r));
  return [...new Set(routes)];
}

const PARAMS: Record<string, string> = { name: 'nothing', username: 'nobody-here', memberId: 'nobody-here' };
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p] ?? randomUUID());

const SIGNED_IN: Record<Role, string> = { admin: 'ops-root', innovation_office: 'office-li', clinician: 'dr-chen', management: 'mgr-wong' };
type Caller = Role | 'no token' | 'expired token' | 'wrong-key token' | 'locked user';
const CALLERS: Caller[] = ['admin', 'innovation_office', 'clinician', 'management', 'no token', 'expired token', 'wrong-key token', 'locked user'];

function expected(access: 'public' | Role[], caller: Caller): 'reached' | 401 | 403 {
  if (access === 'public') return 'reached';
  if (!(ALL as string[]).includes(caller)) return 401;
  return access.includes(caller as Role) ? 'reached' : 403;
}

describe('route × role access matrix (e2e)', () => {
  let t: TestApp;
  const headers = {} as Record<Caller, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_USER_CACHE_MS: '0', LOGIN_RATE_LIMIT: '1000' });
    const locked = await t.createUser({ username: 'locked-out', name: 'Locked Out', role: 'innovation_office' });
    await request(t.http).post('/admin/users/locked-out/lock').set(ADMIN).send({ reason: 'Left the hospital' }).expect(200);
    const wrongKey = await new SignJWT({ name: 'Li Na', role: 'innovation_office' })
      .setProtectedHeader({ alg: 'HS256', kid: 'default' })
      .setSubject('office-li')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(randomBytes(64));
    Object.assign(headers, {
      admin: ADMIN,
      innovation_office: OFFICE,
      clinician: LEAD,
      management: MANAGER,
      'no token': {},
      'expired token': { Authorization: `Bearer ${await t.tokenFor('office-li', { expiresInSeconds: -60 })}` },
      'wrong-key token': { Authorization: `Bearer ${wrongKey}` },
      'locked user': locked,
    });
  });
  afterAll(() => t.close());

  it('classifies every route the server answers, and names no route it does not', () => {
    const served = servedRoutes(t);
    expect(served.filter((r) => !(r in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((r) => !served.includes(r))).toEqual([]);
  });

  const cases = Object.entries(ACCESS).flatMap(([route, access]) => CALLERS.map((caller) => ({ route, caller, access })));

  it.each(cases)('$route as $caller', async ({ route, caller, access }) => {
    const [method, path] = route.split(' ');
    // The live stream stays open once reached: an id it never sent makes it answer (400) and close.
    const url = concrete(path) + (path === '/live/events' ? '?after=x' : '');
    const call = method === 'GET' ? request(t.http).get(url) : request(t.http).post(url).send({});
    const res = await call.set(headers[caller]);
    // A sign-out ends every token of the caller's account: the cases after it get a new one.
    if (route === 'POST /auth/logout' && res.status === 204) headers[caller].Authorization = `Bearer ${await t.tokenFor(SIGNED_IN[caller as Role])}`;
    const want = expected(access, caller);
    if (want === 'reached') {
      // Past the guard: a 2xx, or the route's own answer to an empty body or an unknown id (400, 404, 409).
      expect({ route, caller, status: res.status, unauthorised: [401, 403].includes(res.status) && res.body.code !== 'signature_authentication_failed' }).toEqual({
        route,
        caller,
        status: res.status,
        unauthorised: false,
      });
      expect(res.status).toBeLessThan(500);
    } else {
      expect({ route, caller, status: res.status }).toEqual({ route, caller, status: want });
      if (want === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('says why a token is refused', async () => {
    const codeOf = async (caller: Caller) => (await request(t.http).get('/projects').set(headers[caller])).body.code;
    expect(await codeOf('no token')).toBe('unauthenticated');
    expect(await codeOf('expired token')).toBe('token_expired');
    expect(await codeOf('wrong-key token')).toBe('invalid_token');
    expect(await codeOf('locked user')).toBe('account_locked');
    expect(await codeOf('management')).toBeUndefined();
  });

  it('lets a scraper read /metrics with METRICS_TOKEN, and nothing else with it', async () => {
    const scraper = await startTestApp({ METRICS_TOKEN: 'scrape-token-0123456789abcdef' });
    try {
      await request(scraper.http).get('/metrics').set('Authorization', 'Bearer scrape-token-0123456789abcdef').expect(200);
      await request(scraper.http).get('/projects').set('Authorization', 'Bearer scrape-token-0123456789abcdef').expect(401);
      await request(scraper.http).get('/metrics').set('Authorization', 'Bearer scrape-token-0123456789abcdeX').expect(401);
    } finally {
      // (Starting it refilled the shared header sets for its own users: this stays the file's last test.)
      await scraper.close();
    }
  });
});
