import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { proposeProject } from '../e2e/support/fixtures';
import { ADMIN, LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { headerText, hostileValue } from './support/r3-hostile';
import { Schema, SchemaArbitraries } from './support/r3-openapi-arbitraries';

// Every operation in the OpenAPI document, called with generated path parameters, queries, headers and bodies
// (valid ones mutated the ways clients get them wrong). Whatever arrives: no 5xx, every 4xx is problem+json,
// and a refused request appends no event. Reproduce a failure with R3_FUZZ_SEED (printed) and R3_FUZZ_RUNS.
const SEED = Number(process.env.R3_FUZZ_SEED ?? 20_260_611);
const RUNS = Number(process.env.R3_FUZZ_RUNS ?? 30);
// Each operation sends no new request after this long (a busy machine runs fewer, never an unbounded time). The
// bound is checked before each request, never by abandoning one in flight: its append would land in the next count.
const OPERATION_MS = Number(process.env.R3_FUZZ_OPERATION_MS ?? 1_200);
const MIN_RUNS = Math.min(RUNS, 5);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: 'get' | 'post';
  path: string;
  parameters: Parameter[];
  body?: Schema;
}
/** encodeURIComponent, but a lone surrogate (which it refuses) goes through as its UTF-16 escape text. */
const encode = (v: unknown) => {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(JSON.stringify(text));
  }
};

interface Call {
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A failing request, short enough to read: the token shortened, long values cut. */
function describeCall(call: Call | undefined): string {
  if (!call) return 'none';
  const auth = call.headers.Authorization;
  const headers = { ...call.headers, ...(auth ? { Authorization: auth.length > 40 ? `${auth.slice(0, 30)}…(${auth.length})` : auth } : {}) };
  return JSON.stringify({ ...call, headers }).slice(0, 3000);
}

// A sign-out ends every token of its account: fuzzed with a throwaway account's, never the harness's.
const THROWAWAY: Record<string, string> = {};

/**
 * The role whose token passes the route's @Roles: admin routes the admin, ideas a clinician, sign-out a throwaway
 * account, other writes the innovation office, reads management.
 */
function headersFor(op: Operation): Record<string, string> {
  if (op.path.startsWith('/admin') || op.path === '/metrics') return ADMIN;
  // Template changes are the admin's; the people directory answers the office and the admin.
  if (op.method === 'post' && op.path.startsWith('/templates')) return ADMIN;
  if (op.path === '/people') return OFFICE;
  if (op.path === '/auth/logout') return THROWAWAY;
  if (op.method === 'post' && (op.path === '/ideas' || op.path.endsWith('/resubmission'))) return LEAD;
  return op.method === 'post' ? OFFICE : MANAGER;
}

describe('every operation survives generated hostile requests (fuzz)', () => {
  let t: TestApp;
  let operations: Operation[];
  let paths: SchemaArbitraries;
  let values: SchemaArbitraries;
  let expiredToken: string;
  const outcomes = new Map<string, Map<number, number>>();
  const elapsed = new Map<string, number>();

  const eventCount = async () => Number((await t.database.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  beforeAll(async () => {
    console.log(`fuzz seed ${SEED}, ${RUNS} runs per operation, at most ${OPERATION_MS} ms each (R3_FUZZ_SEED / R3_FUZZ_RUNS / R3_FUZZ_OPERATION_MS)`);
    // Projections in this process on both engines, so ?position= of a recorded event is answered, not 503.
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    // A project with one record of each kind the routes address, so generated requests also reach the domain.
    const projectId = await proposeProject(t.http);
    const ids = { patentId: randomUUID(), trialId: randomUUID(), submissionId: randomUUID(), partnerId: randomUUID(), milestoneId: randomUUID() };
    const signature = { meaning: 'approved to advance', printedName: TEST_USERS.office.name, password: OFFICE_PASSWORD };
    const setup: [string, object][] = [
      ['/team-members', { member: { id: 'eng-wu', name: 'Wu Jun' }, teamRole: 'engineer' }],
      ['/partners', { partnerId: ids.partnerId, name: 'Shenzhen Imaging AI', kind: 'enterprise', role: 'co_developer' }],
      ['/milestones', { milestoneId: ids.milestoneId, title: 'Bench rig', description: 'Assembled', occurredOn: '2026-01-04' }],
      ['/invention-disclosures', { title: 'Optical sensing', summary: 'NIR', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-05' }],
      ['/gate-decisions', { decision: 'go', signature }],
      ['/patents', { patentId: ids.patentId, title: 'Optical sensing', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN1', filedOn: '2026-01-20' }],
      ['/trials', { trialId: ids.trialId, title: 'Accuracy study', registry: 'NCT', registryId: 'NCT07000001', targetEnrolment: 120, registeredOn: '2026-02-21' }],
      ['/submissions', { submissionId: ids.submissionId, authority: 'NMPA', pathway: 'registration', reference: 'R1', filedOn: '2026-05-10' }],
    ];
    for (const [index, [path, body]] of setup.entries()) {
      // A signature names the revision it signs: the setup's revisions are its own steps, one event each.
      const signed = path === '/gate-decisions' ? { 'If-Match': `"${index}"` } : {};
      const res = await request(t.http).post(`/projects/${projectId}${path}`).set({ ...OFFICE, ...signed }).send(body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({ status: 200 });
    }
    await t.createUser({ username: 'fuzz-target', name: 'Fuzz Target', role: 'clinician' });
    Object.assign(THROWAWAY, await t.createUser({ username: 'fuzz-logout', name: 'Fuzz Logout', role: 'clinician' }));
    expiredToken = await t.tokenFor(TEST_USERS.manager.username, { expiresInSeconds: -60 });

    // Path parameters name the fixture's records (or a throw-away user, never the harness's own accounts).
    paths = new SchemaArbitraries(t.openapi, {
      projectId: [projectId],
      ...Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, [v]])),
      memberId: ['eng-wu'],
      username: ['fuzz-target'],
      name: ['activity_feed'],
    });
    // A read position past the store's head waits 2 s for 503 projection_behind (documented, tested in e2e):
    // generated positions stay within what was recorded, or are invalid.
    const head = Number((await t.database.db.query<{ p: string }>('SELECT max(global_position) AS p FROM events')).rows[0].p);
    values = new SchemaArbitraries(
      t.openapi,
      { projectId: [projectId], id: Object.values(ids), password: [OFFICE_PASSWORD], printedName: [TEST_USERS.office.name] },
      { position: fc.integer({ min: 1, max: head }) },
    );
    // The live event stream stays open by design (test/e2e/live-updates.e2e-spec.ts covers it, a bad Last-Event-ID too).
    operations = Object.entries(t.openapi.paths).filter(([path]) => path !== '/live/events').flatMap(([path, item]) =>
      (['get', 'post'] as const)
        .filter((method) => item[method])
        .map((method) => {
          const op = item[method]!;
          const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.['application/json']?.schema;
          return { method, path, parameters: (op.parameters ?? []) as Parameter[], body };
        }),
    );
  }, 120_000);

  afterAll(async () => {
    const summary = [...outcomes].map(([op, statuses]) => `${op} (${elapsed.get(op) ?? '?'} ms): ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    console.log(`fuzz outcomes (status×count) per operation:\n${summary.join('\n')}`);
    await t?.close();
  });

  /** A whole request for one operation: path, query, headers (auth, content type, If-Match, Idempotency-Key), body. */
  function callFor(op: Operation): fc.Arbitrary<Call> {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const segment = (p: Parameter) =>
      fc.oneof(
        { arbitrary: paths.valid(p.schema, p.name).map(encode), weight: 6 },
        { arbitrary: fc.oneof(paths.invalid(p.schema), hostileValue).map(encode), weight: 3 },
        { arbitrary: fc.constantFrom('%', '%E0%A4%A', '%C0%AF', '..', '%2e%2e%2f', '%00', '%20'), weight: 1 },
      );
    const url = fc.tuple(...pathParams.map(segment)).map((segments) => pathParams.reduce((u, p, i) => u.replace(`{${p.name}}`, segments[i]), op.path));
    const queryValue = (p: Parameter) =>
      fc.oneof(
        { arbitrary: values.valid(p.schema, p.name).map((v) => [`${p.name}=${encode(v)}`]), weight: 5 },
        { arbitrary: fc.oneof(values.invalid(p.schema), hostileValue).map((v) => [`${p.name}=${encode(v)}`]), weight: 3 },
        // qs turns brackets into arrays and objects; repeated keys into arrays.
        { arbitrary: fc.constantFrom([`${p.name}[$gt]=`], [`${p.name}[]=a`, `${p.name}[]=b`], [`${p.name}=1`, `${p.name}=2`], [`${p.name}[__proto__][x]=1`]), weight: 1 },
      );
    const query = fc
      .tuple(
        fc.tuple(...queryParams.map((p) => (p.required ? queryValue(p) : fc.option(queryValue(p), { freq: 2, nil: [] })))),
        fc.option(fc.constantFrom(['colour=red'], ['__proto__[polluted]=1'], ['constructor[prototype][x]=1']), { freq: 4, nil: [] }),
      )
      .map(([parts, extra]) => [...parts.flat(), ...extra].join('&'));
    const auth = fc.oneof(
      { arbitrary: fc.constant(headersFor(op)), weight: 12 },
      {
        arbitrary: fc.constantFrom<Record<string, string>>(
          {},
          { Authorization: 'Bearer' },
          { Authorization: 'Bearer not.a.jwt' },
          { Authorization: 'Basic b2ZmaWNlLWxpOm9mZmljZS1saS1wYXNzd29yZA==' },
          { Authorization: `Bearer ${expiredToken}` },
          { Authorization: `${headersFor(op).Authorization}x` },
          { Authorization: `bearer ${headersFor(op).Authorization.slice('Bearer '.length)}` },
          headersFor(op) === MANAGER ? OFFICE : MANAGER,
        ),
        weight: 2,
      },
    );
    const contentType = fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 10 },
      fc.constantFrom('application/json; charset=utf-8', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', ''),
    );
    const optionalHeader = (name: string, value: fc.Arbitrary<string>) => fc.option(value.map((v) => ({ [name]: v })), { freq: 2, nil: {} });
    const body = op.body ? values.body(op.body).map((b) => (b === undefined ? undefined : JSON.stringify(b))) : fc.option(hostileValue.map((b) => JSON.stringify(b)), { freq: 6, nil: undefined });
    return fc
      .record({
        url,
        query,
        auth,
        contentType,
        ifMatch: optionalHeader('If-Match', fc.oneof(fc.nat({ max: 20 }).map((n) => `"${n}"`), headerText)),
        idempotencyKey: optionalHeader('Idempotency-Key', fc.oneof(fc.uuid(), headerText)),
        body,
      })
      .map(({ url, query, auth, contentType, ifMatch, idempotencyKey, body }) => ({
        url: query ? `${url}?${query}` : url,
        headers: { ...auth, ...ifMatch, ...idempotencyKey, ...(body !== undefined && contentType ? { 'Content-Type': contentType } : {}) },
        body: op.method === 'post' ? body : undefined,
      }));
  }

  async function send(op: Operation, call: Call) {
    const req = request(t.http)[op.method](call.url).set(call.headers).timeout(10_000);
    return call.body === undefined ? req : req.send(call.body);
  }

  it('covers every operation of the document, admin and auth routes included', () => {
    expect(operations.length).toBeGreaterThanOrEqual(50);
    expect(operations.map((o) => o.path)).toEqual(expect.arrayContaining(['/admin/users', '/auth/login', '/auth/password', '/admin/projections/{name}/rebuild']));
  });

  it('no 5xx, every 4xx problem+json, no event appended by a refusal, for every operation', async () => {
    const failures: string[] = [];
    for (const [index, op] of operations.entries()) {
      const key = `${op.method.toUpperCase()} ${op.path}`;
      const statuses = new Map<number, number>();
      outcomes.set(key, statuses);
      const started = Date.now();
      const deadline = started + OPERATION_MS;
      let sent = 0;
      const result = await fc.check(
        fc.asyncProperty(callFor(op), async (call) => {
          if (Date.now() > deadline) return;
          sent++;
          const before = await eventCount();
          const res = await send(op, call);
          const after = await eventCount();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const seen = JSON.stringify({ status: res.status, contentType: res.headers['content-type'], body: res.text?.slice(0, 300) });
          if (res.status >= 500) throw new Error(`5xx: ${seen}`);
          if (res.status < 400) return;
          if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) throw new Error(`4xx not problem+json: ${seen}`);
          const problem = JSON.parse(res.text);
          if (problem.status !== res.status || typeof problem.code !== 'string' || typeof problem.title !== 'string' || typeof problem.type !== 'string') {
            throw new Error(`4xx without a complete problem: ${seen}`);
          }
          if (after !== before) throw new Error(`refused request appended ${after - before} event(s): ${seen}`);
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
      elapsed.set(key, Date.now() - started);
      if (result.failed) {
        failures.push(`${key} (seed ${SEED + index}, path ${result.counterexamplePath}): ${String((result.errorInstance as Error)?.message ?? result.errorInstance)}\n  request: ${describeCall(result.counterexample?.[0])}`);
        continue;
      }
      // Enough requests ran, and the chosen role got past the auth guard: some were answered by the route itself.
      if (sent < MIN_RUNS) failures.push(`${key}: only ${sent} requests within ${OPERATION_MS} ms`);
      if (![...statuses.keys()].some((s) => s !== 401 && s !== 403)) failures.push(`${key}: every request was refused by the auth guard`);
    }
    expect(failures).toEqual([]);
  }, 170_000);
});
