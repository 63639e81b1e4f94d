import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { startTestApp, TestApp } from './support/test-app';

// The web app's API client (apps/web/src/api) is generated from the API's own OpenAPI document and checked in.
// This test fails when the two drift; `npm run generate:api` runs it with WRITE_WEB_CLIENT=1 to write them anew.
const API_DIR = join(process.cwd(), 'apps/web/src/api');
const DOCUMENT = join(API_DIR, 'openapi.json');
const SCHEMA = join(API_DIR, 'schema.ts');
const REGENERATE = 'npm run generate:api';

async function generate(t: TestApp): Promise<{ document: string; schema: string }> {
  const document = `${JSON.stringify(t.openapi, null, 2)}\n`;
  // enumValues: every enum also as a const array (stages, statuses, roles), so the UI never copies a list by hand.
  const nodes = await openapiTS(JSON.parse(document), { enumValues: true, rootTypes: true, rootTypesNoSchemaPrefix: false });
  return { document, schema: `${COMMENT_HEADER}${astToString(nodes)}` };
}

describe('web app API client (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it(`is generated from the API's current OpenAPI document (else run ${REGENERATE})`, async () => {
    const fresh = await generate(t);
    if (process.env.WRITE_WEB_CLIENT === '1') {
      writeFileSync(DOCUMENT, fresh.document);
      writeFileSync(SCHEMA, fresh.schema);
    }
    const read = (path: string) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return `(missing: ${path})`;
      }
    };
    // Compared as text, with the command to run in the message, so a stale client names its fix.
    expect({ file: 'openapi.json', upToDate: read(DOCUMENT) === fresh.document, fix: REGENERATE }).toEqual({ file: 'openapi.json', upToDate: true, fix: REGENERATE });
    expect({ file: 'schema.ts', upToDate: read(SCHEMA) === fresh.schema, fix: REGENERATE }).toEqual({ file: 'schema.ts', upToDate: true, fix: REGENERATE });
  });
});
