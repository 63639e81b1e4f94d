import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { glucoseDetectorProposal, proposeProject } from '../e2e/support/fixtures';
import { LEAD, MANAGER, OFFICE, startTestApp, TestApp } from '../e2e/support/test-app';

// Bytes a careless or hostile client sends, over a raw socket (supertest would re-encode them). Each gets a clear
// 4xx problem+json naming the field where there is one, and nothing is appended to the record.

interface RawResponse {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

describe('malformed input over raw HTTP (reliability)', () => {
  let t: TestApp;
  let port: number;
  let projectId: string;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '100kb' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.http.address() as AddressInfo).port;
    projectId = await proposeProject(t.http);
  });
  afterAll(() => t.close());

  const eventCount = async () => Number((await t.database.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

  /** Sends exactly these bytes; chunked when no Content-Length is wanted. */
  function raw(path: string, body: Buffer | string, headers: Record<string, string> = {}, options: { chunked?: boolean; method?: string } = {}): Promise<RawResponse> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: options.method ?? 'POST',
          headers: { 'Content-Type': 'application/json', ...OFFICE, ...headers, ...(options.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(bytes.length) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown>;
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = { unparsable: text.slice(0, 200) };
            }
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: parsed });
          });
        },
      );
      req.on('error', reject);
      if (options.chunked) for (let i = 0; i < bytes.length; i += 16_384) req.write(bytes.subarray(i, i + 16_384));
      else req.write(bytes);
      req.end();
    });
  }

  /** Sends, then checks the refusal: status, problem+json, code, the fields named, and no event appended. */
  async function refused(status: number, code: string, send: () => Promise<RawResponse>, fields?: string[]): Promise<RawResponse> {
    const before = await eventCount();
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.stringContaining(code), title: expect.any(String) });
    if (fields) expect([...new Set((res.body.errors as { field: string }[]).map((e) => e.field))].sort()).toEqual([...fields].sort());
    expect(await eventCount()).toBe(before);
    return res;
  }

  const proposal = (overrides: Record<string, unknown> = {}) => JSON.stringify(glucoseDetectorProposal(overrides));
  const onProject = (path: string) => path.replace('{id}', projectId);
  const milestones = '/projects/{id}/milestones';

  it('413 for a body over the limit, with Content-Length or chunked', async () => {
    const big = proposal({ summary: 'x'.repeat(200_000) });
    await refused(413, 'payload_too_large', () => raw('/projects', big));
    await refused(413, 'payload_too_large', () => raw('/projects', big, {}, { chunked: true }));
  });

  it('400 for 10,000 levels of nesting, at the top and inside a field: no stack overflow, no 500', async () => {
    const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    await refused(400, 'nesting_too_deep', () => raw('/projects', deep(10_000)));
    await refused(400, 'nesting_too_deep', () => raw('/projects', proposal({ title: '__DEEP__' }).replace('"__DEEP__"', deep(10_000))), ['title']);
    // Inside a nested DTO, where class-transformer would walk it recursively.
    const inside = proposal({ leadClinician: '__DEEP__' }).replace('"__DEEP__"', `{"id":"dr-chen","name":"Dr. Chen Wei","extra":${deepObject(10_000)}}`);
    await refused(400, 'nesting_too_deep', () => raw('/projects', inside), ['leadClinician']);
    await refused(400, 'nesting_too_deep', () => raw(onProject(milestones), `{"title":"t","description":"d","occurredOn":"2025-01-01","x":${deepObject(10_000)}}`, LEAD), ['x']);
    // Moderate nesting in an unknown field is an ordinary unknown field.
    await refused(400, 'validation_failed', () => raw(onProject(milestones), `{"title":"t","description":"d","occurredOn":"2025-01-01","x":${deepObject(20)}}`, LEAD), ['x']);
  });

  it('400 for invalid UTF-8 in a JSON string, never a silently replaced character', async () => {
    // A title whose bytes are not UTF-8 (0xC3 0x28 is a broken two-byte sequence, 0xFF never occurs).
    const rest = proposal({ title: undefined }).slice(1);
    const body = Buffer.concat([Buffer.from('{"title":"Glucose '), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(`",${rest}`)]);
    await refused(400, 'invalid_utf8', () => raw('/projects', body));
    // An encoded UTF-16 surrogate half (ED A0 80) is not UTF-8 either.
    await refused(400, 'invalid_utf8', () => raw(onProject(milestones), Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","description":"d","occurredOn":"2025-01-01"}')]), LEAD));
  });

  it('400 malformed_json for truncated and otherwise broken JSON', async () => {
    const full = proposal();
    for (const broken of [full.slice(0, full.length / 2), full.slice(0, -1), '{"title": ', '{', "{'title': 'single quotes'}", '{"a":1,}', 'NaN', '\u0000']) {
      await refused(400, 'malformed_json', () => raw('/projects', broken));
    }
  });

  it('415 for a body that is not JSON, or JSON in an unsupported charset', async () => {
    const body = proposal();
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      await refused(415, 'unsupported_media_type', () => raw('/projects', body, { 'Content-Type': type }));
    }
    await refused(415, 'unsupported_encoding', () => raw('/projects', body, { 'Content-Type': 'application/json; charset=latin1' }));
    // No Content-Type at all: Node sends none when the header is empty.
    await refused(415, 'unsupported_media_type', () => raw('/projects', body, { 'Content-Type': '' }));
  });

  it('400 naming the field for impossible, malformed and far-off dates', async () => {
    const ahead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    for (const occurredOn of ['2025-02-30', '2025-13-01', '2025-00-01', '99999-01-01', '+099999-01-01', '1899-12-31', '2025-1-5', '2025-01-01T00:00:00Z']) {
      await refused(400, 'validation_failed', () => raw(onProject(milestones), JSON.stringify({ title: 't', description: 'd', occurredOn }), LEAD), ['occurredOn']);
    }
    // A milestone happened: it cannot be dated next month, nor next year (time zones ahead of UTC allow tomorrow).
    for (const occurredOn of [ahead(30), ahead(300), ahead(5000)]) {
      await refused(400, 'validation_failed', () => raw(onProject(milestones), JSON.stringify({ title: 't', description: 'd', occurredOn }), LEAD), ['occurredOn']);
    }
    await refused(400, 'validation_failed', () => raw(`/projects/${projectId}?asOf=2025-02-30T00:00:00Z`, '', MANAGER, { method: 'GET' }), ['asOf']);
  });

  it('a correction cannot put an impossible or future date into the record', async () => {
    const logged = await request(t.http).post(onProject(milestones)).set(LEAD).send({ title: 'Bench test', description: 'd', occurredOn: '2025-03-01' }).expect(200);
    const milestoneId = String(logged.headers.location).split('/').pop();
    for (const newValue of ['2025-02-30', '2025-13-01', '9999-12-31']) {
      await refused(409, 'invalid_correction_value', () =>
        raw(onProject('/projects/{id}/corrections'), JSON.stringify({ target: { kind: 'milestone', id: milestoneId }, field: 'occurredOn', oldValue: '2025-03-01', newValue, reason: 'r' }), LEAD),
      );
    }
  });

  it('400 naming the field for unknown enum values', async () => {
    for (const riskClass of ['IV', 'iii', 'III ', '', 'I,II', '__proto__']) {
      await refused(400, 'validation_failed', () => raw('/projects', proposal({ riskClass })), ['riskClass']);
    }
    await refused(400, 'validation_failed', () => raw('/projects', proposal({ targets: [{ authority: 'TGA', pathway: 'registration' }] })), ['targets.0.authority']);
    await refused(400, 'validation_failed', () => raw('/pipeline/board?stage=moon', '', MANAGER, { method: 'GET' }), ['stage']);
  });

  it('400 naming the field for huge, negative-zero and NaN-like numbers', async () => {
    const trial = (targetEnrolment: string) =>
      `{"title":"Accuracy","registry":"NCT","registryId":"NCT1","targetEnrolment":${targetEnrolment},"registeredOn":"2025-02-01"}`;
    for (const n of ['1e309', '-1e309', '18446744073709551616', '-0', '0', '1.5', '"NaN"', '"Infinity"', '"12"', 'null', '[]']) {
      await refused(400, 'validation_failed', () => raw(onProject('/projects/{id}/trials'), trial(n)), ['targetEnrolment']);
    }
    for (const query of ['page=1e309', 'page=NaN', 'pageSize=-0', 'page=18446744073709551616', 'position=18446744073709551616', 'position=1e308', 'position=-1', 'position=Infinity']) {
      const res = await refused(400, 'validation_failed', () => raw(`/projects?${query}`, '', MANAGER, { method: 'GET' }));
      expect((res.body.errors as { field: string }[])[0].field).toBe(query.split('=')[0]);
    }
  });

  it('400 for a key given twice, naming it, whichever value comes last', async () => {
    const twice = (key: string, first: string, last: string) => proposal().replace(/^\{/, `{"${key}":${first},`).replace(`"${key}":${JSON.stringify(glucoseDetectorProposal()[key as 'title'])}`, `"${key}":${last}`);
    const res = await refused(400, 'duplicate_json_key', () => raw('/projects', twice('title', '"Harmless"', '"Other title"')), ['title']);
    expect(res.body.detail).toMatch(/title/);
    await refused(400, 'duplicate_json_key', () => raw('/projects', twice('riskClass', '"III"', '"IV"')), ['riskClass']);
    await refused(400, 'duplicate_json_key', () => raw('/projects', proposal().replace('"id":"dr-chen"', '"id":"dr-chen","id":"someone-else"')), ['leadClinician.id']);
  });

  it('400 for prototype-polluting keys, and nothing is polluted', async () => {
    const withKey = (key: string, value: string) => proposal().replace(/^\{/, `{"${key}":${value},`);
    await refused(400, 'validation_failed', () => raw('/projects', withKey('__proto__', '{"isAdmin":true,"riskClass":"I"}')), ['__proto__']);
    await refused(400, 'validation_failed', () => raw('/projects', withKey('constructor', '{"prototype":{"isAdmin":true}}')), ['constructor']);
    await refused(400, 'validation_failed', () => raw('/projects', proposal().replace('"id":"dr-chen"', '"id":"dr-chen","__proto__":{"role":"admin"}')), ['leadClinician.__proto__']);
    // Query strings: the parser drops prototype keys, so they reach nothing.
    for (const query of ['__proto__[isAdmin]=1', 'constructor[prototype][isAdmin]=1', '__proto__.isAdmin=1']) {
      const res = await raw(`/pipeline/board?${query}`, '', MANAGER, { method: 'GET' });
      expect(res.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    // And a clean proposal still goes through afterwards.
    expect((await raw('/projects', proposal())).status).toBe(201);
  });
});
