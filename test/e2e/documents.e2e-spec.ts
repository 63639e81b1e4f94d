import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../../libs/platform/src/testing';
import { glucoseDetectorProposal, proposeProject } from './support/fixtures';
import { execFileSync } from 'node:child_process';
import { API_MAIN, assertBuilt, CLI_DIR, eventually, freePort, Proc } from './support/processes';
import { ADMIN, LEAD, MANAGER, OFFICE, startTestApp, TestApp } from './support/test-app';

// Evidence documents (issue 17): streamed multipart uploads, content-addressed by sha256, checked on every read.
const MAX = 3 * 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (text = 'ISO 10993-5 cytotoxicity report') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n`);
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1c1e00000000049454e44ae426082', 'hex');

async function counts(t: TestApp) {
  const q = async (sql: string) => Number((await t.database.db.query<{ n: string }>(sql)).rows[0].n);
  return {
    uploads: await q('SELECT count(*) AS n FROM document_uploads'),
    chunks: await q('SELECT count(*) AS n FROM document_chunks'),
    blobs: await q('SELECT count(*) AS n FROM document_blobs'),
    events: await q("SELECT count(*) AS n FROM events WHERE type LIKE 'Document%'"),
  };
}

/** A project with a prototype, a verification test and a milestone: returns their ids. */
async function projectWithEvidence(t: TestApp) {
  const projectId = await proposeProject(t.http);
  const prototype = await request(t.http)
    .post(`/projects/${projectId}/prototypes`)
    .set(OFFICE)
    .send({ version: 'v1', description: 'bench prototype', builtOn: '2026-01-10' })
    .expect(200);
  const prototypeId = String(prototype.headers.location).split('/').pop()!;
  const test = await request(t.http)
    .post(`/projects/${projectId}/verification-tests`)
    .set(OFFICE)
    .send({
      prototypeId,
      standard: 'ISO 10993-5',
      lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
      cnasNumber: 'CNAS L0123',
      cmaNumber: '201901234567',
      result: 'passed',
      testedOn: '2026-02-01',
      reportReference: 'SHTI-2026-0415',
    })
    .expect(200);
  const testId = String(test.headers.location).split('/').pop()!;
  const milestone = await request(t.http)
    .post(`/projects/${projectId}/milestones`)
    .set(LEAD)
    .send({ title: 'First wear test', description: 'Ten volunteers', occurredOn: '2026-02-02' })
    .expect(200);
  const milestoneId = String(milestone.headers.location).split('/').pop()!;
  return { projectId, testId, milestoneId };
}

function upload(t: TestApp, projectId: string, fields: Record<string, string>, file: Buffer, name: string, contentType: string, headers = OFFICE) {
  let req = request(t.http).post(`/projects/${projectId}/documents`).set(headers);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', file, { filename: name, contentType });
}

/** The raw download: status, headers, and how many bytes arrived before the connection ended (or broke). */
function rawDownload(t: TestApp, path: string, headers: Record<string, string>) {
  const server = t.http as http.Server;
  if (!server.listening) server.listen(0);
  const { port } = server.address() as { port: number };
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number; complete: boolean }>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes, complete: res.complete }));
      res.on('error', () => resolve({ status: res.statusCode!, headers: res.headers, bytes, complete: false }));
      res.on('aborted', () => resolve({ status: res.statusCode!, headers: res.headers, bytes, complete: false }));
    });
    req.on('error', () => resolve({ status: 0, headers: {}, bytes: 0, complete: false }));
  });
}

describe('evidence documents (database store)', () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof projectWithEvidence>>;
  const onTest = () => ({ kind: 'verification_test', recordId: ids.testId, purpose: 'test_report' });

  beforeAll(async () => {
    t = await startTestApp({ DOCUMENT_MAX_BYTES: String(MAX) });
    ids = await projectWithEvidence(t);
  });
  afterAll(() => t?.close());

  it('keeps the lab’s accreditation on the verification test', async () => {
    const project = await request(t.http).get(`/projects/${ids.projectId}`).set(OFFICE).expect(200);
    const test = JSON.stringify(project.body);
    expect(test).toContain('CNAS L0123');
  });

  it('stores a PDF on a verification test and gives it back, byte for byte, as an attachment with its hash', async () => {
    const bytes = pdf();
    const res = await upload(t, ids.projectId, onTest(), bytes, 'ISO 10993-5 报告.pdf', 'application/pdf').expect(201);
    expect(res.body).toMatchObject({ sha256: sha256(bytes), size: bytes.length, fileName: 'ISO 10993-5 报告.pdf', mediaType: 'application/pdf' });
    expect(res.headers.location).toBe(`/projects/${ids.projectId}/documents/${res.body.documentId}`);
    const list = await request(t.http).get(`/projects/${ids.projectId}/documents`).set(MANAGER).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ documentId: res.body.documentId, sha256: sha256(bytes), attachedTo: { kind: 'verification_test', id: ids.testId }, version: 1, supersededBy: null }),
    ]);
    const got = await request(t.http)
      .get(`/projects/${ids.projectId}/documents/${res.body.documentId}/content`)
      .set(MANAGER)
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="ISO 10993-5 __.pdf"; filename*=UTF-8''ISO%2010993-5%20%E6%8A%A5%E5%91%8A.pdf`);
    expect(got.headers['content-security-policy']).toBe('sandbox');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const history = await request(t.http).get(`/projects/${ids.projectId}/history`).set(OFFICE).expect(200);
    expect(JSON.stringify(history.body)).toContain('DocumentAttached');
  });

  it('keeps one copy of the same bytes (content-addressed), under two documents', async () => {
    const before = await counts(t);
    const bytes = pdf('same twice');
    const a = await upload(t, ids.projectId, onTest(), bytes, 'a.pdf', 'application/pdf').expect(201);
    const b = await upload(t, ids.projectId, onTest(), bytes, 'b.pdf', 'application/pdf').expect(201);
    expect(a.body.documentId).not.toBe(b.body.documentId);
    const after = await counts(t);
    expect(after.blobs - before.blobs).toBe(1);
    expect(after.events - before.events).toBe(2);
    expect(after.uploads).toBe(0);
  });

  describe('refusals leave nothing behind and no event', () => {
    let before: Awaited<ReturnType<typeof counts>>;
    beforeEach(async () => (before = await counts(t)));
    afterEach(async () => expect(await counts(t)).toEqual(before));

    it('a record that does not exist → 409 record_not_found', async () => {
      const res = await upload(t, ids.projectId, { ...onTest(), recordId: randomUUID() }, pdf(), 'r.pdf', 'application/pdf').expect(409);
      expect(res.body.code).toBe('record_not_found');
    });
    it('an unknown project → 404', async () => {
      await upload(t, randomUUID(), onTest(), pdf(), 'r.pdf', 'application/pdf').expect(404);
    });
    it('an empty file → 400 empty_document', async () => {
      const res = await upload(t, ids.projectId, onTest(), Buffer.alloc(0), 'empty.pdf', 'application/pdf').expect(400);
      expect(res.body.code).toBe('empty_document');
    });
    it('no file part → 400', async () => {
      const res = await request(t.http).post(`/projects/${ids.projectId}/documents`).set(OFFICE).field('kind', 'verification_test').field('recordId', ids.testId).expect(400);
      expect(res.body.code).toBe('file_required');
    });
    it('a body that is not multipart → 415', async () => {
      await request(t.http).post(`/projects/${ids.projectId}/documents`).set(OFFICE).send({ kind: 'verification_test' }).expect(415);
    });
    it('too large → 413 (by its Content-Length, before reading)', async () => {
      const big = Buffer.concat([pdf(), Buffer.alloc(MAX + 10, 0x41)]);
      const res = await upload(t, ids.projectId, onTest(), big, 'big.pdf', 'application/pdf').catch((e: { response?: request.Response }) => e.response!);
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('document_too_large');
    });
    it('too large → 413 while streaming, when no Content-Length tells it before', async () => {
      const server = t.http as http.Server;
      if (!server.listening) server.listen(0);
      const { port } = server.address() as { port: number };
      const boundary = 'b0undary';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nverification_test\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="recordId"\r\n\r\n${ids.testId}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
      );
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path: `/projects/${ids.projectId}/documents`, method: 'POST', headers: { ...OFFICE, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on('error', reject);
        req.write(head);
        // Keeps sending until the server answers (or twice the limit): the answer comes while the body still streams.
        let sent = 0;
        const block = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (sent < 2 * MAX) {
            sent += block.length;
            if (!req.write(block)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).code).toBe('document_too_large');
    });
    it('a PNG sent as a PDF → 415 media_type_mismatch; a PDF sent as text → 415', async () => {
      const res = await upload(t, ids.projectId, onTest(), png, 'scan.pdf', 'application/pdf').expect(415);
      expect(res.body).toMatchObject({ code: 'media_type_mismatch', declared: 'application/pdf', detected: 'image/png' });
      await upload(t, ids.projectId, onTest(), pdf(), 'notes.txt', 'text/plain').expect(415);
    });
    it.each([
      ['a Windows program', Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(64)]), 'report.pdf', 'application/pdf'],
      ['an ELF binary', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64)]), 'report', 'application/octet-stream'],
      ['a Mach-O binary', Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(64)]), 'report', 'application/octet-stream'],
      ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'report.txt', 'text/plain'],
      ['a declared executable type', Buffer.from('hello'), 'setup.exe', 'application/x-msdownload'],
    ])('%s → 415 executable_refused', async (_what, bytes, name, type) => {
      const res = await upload(t, ids.projectId, onTest(), bytes, name, type).expect(415);
      expect(res.body.code).toBe('executable_refused');
    });
    it('management only reads → 403', async () => {
      await upload(t, ids.projectId, onTest(), pdf(), 'r.pdf', 'application/pdf', MANAGER).expect(403);
    });
    it('a clinician may not attach a test report (the office records tests) → 403', async () => {
      const res = await upload(t, ids.projectId, onTest(), pdf(), 'r.pdf', 'application/pdf', LEAD).expect(403);
      expect(res.body.code).toBe('role_not_permitted');
    });
    it('a clinician outside the team → 403 not_a_team_member', async () => {
      const outsider = await t.createUser({ username: 'dr-out', name: 'Dr. Out', role: 'clinician' });
      const res = await upload(t, ids.projectId, { kind: 'milestone', recordId: ids.milestoneId, purpose: 'attachment' }, pdf(), 'r.pdf', 'application/pdf', outsider).expect(403);
      expect(res.body.code).toBe('not_a_team_member');
    });
    it('a stale If-Match → 412 before a byte is stored', async () => {
      await upload(t, ids.projectId, onTest(), pdf(), 'r.pdf', 'application/pdf', { ...OFFICE, 'If-Match': '"1"' }).expect(412);
    });
    it('an admin (platform, not records) → 403', async () => {
      await upload(t, ids.projectId, onTest(), pdf(), 'r.pdf', 'application/pdf', ADMIN).expect(403);
    });
  });

  it('an upload the client cuts off midway leaves nothing behind and no event', async () => {
    const before = await counts(t);
    const server = t.http as http.Server;
    if (!server.listening) server.listen(0);
    const { port } = server.address() as { port: number };
    const boundary = 'cut-boundary';
    const head = Buffer.from(
      Object.entries(onTest())
        .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
    );
    // A 2 MiB file announced; about half of it sent, then the connection dropped with chunks already staged.
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: `/projects/${ids.projectId}/documents`,
      method: 'POST',
      headers: { ...OFFICE, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + 2 * 1024 * 1024 + 64) },
    });
    let answered: number | null = null;
    req.on('response', (res) => (answered = res.statusCode ?? null));
    req.on('error', () => undefined);
    req.write(head);
    const block = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < 1024 * 1024; sent += block.length) {
      if (!req.write(block)) await new Promise((resolve) => req.once('drain', resolve));
    }
    await eventually('chunks of the upload staged', async () => {
      const now = await counts(t);
      return now.uploads === 1 && now.chunks > before.chunks;
    });
    req.destroy();
    await eventually('the cut-off upload removed', async () => {
      const now = await counts(t);
      return now.uploads === 0 && now.chunks === before.chunks;
    });
    expect(await counts(t)).toEqual(before);
    expect(answered).toBeNull();
    // The service goes on: the same file sent whole is stored.
    await upload(t, ids.projectId, onTest(), pdf('after the cut'), 'whole.pdf', 'application/pdf').expect(201);
  });

  it('lets the lead clinician attach to their own milestone', async () => {
    await upload(t, ids.projectId, { kind: 'milestone', recordId: ids.milestoneId, purpose: 'attachment' }, png, 'wear-test.png', 'image/png', LEAD).expect(201);
  });

  it('sanitises the file name (no path, no control characters) and keeps it as text', async () => {
    const res = await upload(t, ids.projectId, onTest(), pdf(), '../../etc/evil name.pdf', 'application/pdf').expect(201);
    expect(res.body.fileName).toBe('evil name.pdf');
    // A control character can only arrive encoded (RFC 5987 filename*), as a browser would send it.
    const boundary = 'b0undary';
    const fields = Object.entries(onTest()).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('');
    const body = Buffer.concat([
      Buffer.from(`${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''..%2F..%2Fevil%07%1Bname%E2%80%AEfdp.pdf\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const encoded = await request(t.http)
      .post(`/projects/${ids.projectId}/documents`)
      .set(OFFICE)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body)
      .expect(201);
    expect(encoded.body.fileName).toBe('evilnamefdp.pdf');
  });

  it('never renders HTML or SVG: an attachment in a sandbox', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    for (const [bytes, name, type] of [[html, 'minutes.html', 'text/html'], [svg, 'figure.svg', 'image/svg+xml']] as const) {
      const res = await upload(t, ids.projectId, onTest(), bytes, name, type).expect(201);
      const got = await request(t.http).get(`/projects/${ids.projectId}/documents/${res.body.documentId}/content`).set(OFFICE).expect(200);
      expect(got.headers['content-disposition']).toMatch(/^attachment; /);
      expect(got.headers['content-security-policy']).toBe('sandbox');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('a new version supersedes the old one with a reason; both stay in the history', async () => {
    const first = await upload(t, ids.projectId, onTest(), pdf('draft'), 'report.pdf', 'application/pdf').expect(201);
    const version = (id: string, reason: string | null, bytes = pdf('signed')) => {
      let req = request(t.http).post(`/projects/${ids.projectId}/documents/${id}/versions`).set(OFFICE);
      if (reason !== null) req = req.field('reason', reason);
      return req.attach('file', bytes, { filename: 'report-signed.pdf', contentType: 'application/pdf' });
    };
    expect((await version(first.body.documentId, null).expect(400)).body.errors[0].field).toBe('reason');
    const second = await version(first.body.documentId, 'The lab’s signed copy').expect(201);
    expect((await version(first.body.documentId, 'again').expect(409)).body.code).toBe('document_already_superseded');
    expect((await version(randomUUID(), 'unknown').expect(409)).body.code).toBe('document_not_found');
    const old = await request(t.http).get(`/projects/${ids.projectId}/documents/${first.body.documentId}`).set(OFFICE).expect(200);
    expect(old.body).toMatchObject({ version: 1, supersededBy: second.body.documentId });
    const current = await request(t.http).get(`/projects/${ids.projectId}/documents/${second.body.documentId}`).set(OFFICE).expect(200);
    expect(current.body).toMatchObject({ version: 2, supersedes: first.body.documentId, reason: 'The lab’s signed copy', attachedTo: { kind: 'verification_test', id: ids.testId } });
    // The old version is still served.
    await request(t.http).get(`/projects/${ids.projectId}/documents/${first.body.documentId}/content`).set(OFFICE).expect(200);
  });

  it('an Idempotency-Key retry of the same upload writes once', async () => {
    const key = randomUUID();
    const bytes = pdf('idempotent');
    const headers = { ...OFFICE, 'Idempotency-Key': key };
    const a = await upload(t, ids.projectId, onTest(), bytes, 'i.pdf', 'application/pdf', headers).expect(201);
    const b = await upload(t, ids.projectId, onTest(), bytes, 'i.pdf', 'application/pdf', headers).expect(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.documentId).toBe(a.body.documentId);
    await upload(t, ids.projectId, onTest(), pdf('another file'), 'i.pdf', 'application/pdf', headers).expect(422);
  });

  it('bytes changed in the database: verify names the document and the download is refused', async () => {
    const bytes = pdf('to be tampered with');
    const res = await upload(t, ids.projectId, onTest(), bytes, 'tampered.pdf', 'application/pdf').expect(201);
    expect((await request(t.http).get('/admin/verify').set(ADMIN).expect(200)).body).toMatchObject({ ok: true });
    await t.database.db.query(
      `UPDATE document_chunks SET data = overlay(data placing '\\x58'::bytea from 20 for 1)
        WHERE upload_id = (SELECT upload_id FROM document_blobs WHERE sha256 = $1)`,
      [sha256(bytes)],
    );
    const got = await request(t.http).get(`/projects/${ids.projectId}/documents/${res.body.documentId}/content`).set(OFFICE).expect(500);
    expect(got.body.code).toBe('document_integrity_failed');
    const report = (await request(t.http).get('/admin/verify').set(ADMIN).expect(200)).body;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'document_altered', documentId: res.body.documentId, sha256: sha256(bytes) })]);
    // Put back, so later tests see an intact store.
    await t.database.db.query(
      `UPDATE document_chunks SET data = $2 WHERE upload_id = (SELECT upload_id FROM document_blobs WHERE sha256 = $1)`,
      [sha256(bytes), bytes],
    );
  });

  it('a large document changed at its end is cut off before its last bytes, never served whole', async () => {
    const bytes = Buffer.concat([pdf('large'), Buffer.alloc(2.5 * 1024 * 1024, 0x20)]);
    const res = await upload(t, ids.projectId, onTest(), bytes, 'large.pdf', 'application/pdf').expect(201);
    const path = `/projects/${ids.projectId}/documents/${res.body.documentId}/content`;
    const intact = await rawDownload(t, path, OFFICE);
    expect(intact).toMatchObject({ status: 200, bytes: bytes.length, complete: true });
    await t.database.db.query(
      `UPDATE document_chunks SET data = overlay(data placing '\\x58'::bytea from 1 for 1)
        WHERE upload_id = (SELECT upload_id FROM document_blobs WHERE sha256 = $1) AND seq = 2`,
      [sha256(bytes)],
    );
    const cut = await rawDownload(t, path, OFFICE);
    expect(cut.complete).toBe(false);
    expect(cut.bytes).toBeLessThan(bytes.length);
    await t.database.db.query(`DELETE FROM document_chunks WHERE upload_id = (SELECT upload_id FROM document_blobs WHERE sha256 = $1) AND seq = 2`, [sha256(bytes)]);
    const report = (await request(t.http).get('/admin/verify').set(ADMIN).expect(200)).body;
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'document_altered', documentId: res.body.documentId })]);
  });
});

describe('evidence documents in a directory (DOCUMENT_STORE)', () => {
  let t: TestApp;
  let dir: string;
  let ids: Awaited<ReturnType<typeof projectWithEvidence>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'documents-'));
    t = await startTestApp({ DOCUMENT_STORE: dir });
    ids = await projectWithEvidence(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores read-only files named by their sha256; a changed file is detected by verify and refused', async () => {
    const bytes = pdf('in a directory');
    const res = await upload(t, ids.projectId, { kind: 'verification_test', recordId: ids.testId, purpose: 'test_report' }, bytes, 'r.pdf', 'application/pdf').expect(201);
    const file = join(dir, 'objects', sha256(bytes).slice(0, 2), sha256(bytes));
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mode & 0o222).toBe(0);
    expect((await counts(t)).chunks).toBe(0);
    await request(t.http).get(`/projects/${ids.projectId}/documents/${res.body.documentId}/content`).set(OFFICE).expect(200);
    chmodSync(file, 0o644);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('appended')]));
    const got = await request(t.http).get(`/projects/${ids.projectId}/documents/${res.body.documentId}/content`).set(OFFICE).expect(500);
    expect(got.body.code).toBe('document_integrity_failed');
    const report = (await request(t.http).get('/admin/verify').set(ADMIN).expect(200)).body;
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'document_altered', documentId: res.body.documentId })]);
    rmSync(file);
    const missing = (await request(t.http).get('/admin/verify').set(ADMIN).expect(200)).body;
    expect(missing.problems).toEqual([expect.objectContaining({ kind: 'document_missing' })]);
    expect(existsSync(join(dir, 'staging'))).toBe(true);
  });
});

// A real API process, SIGKILLed while a document streams in: after a restart nothing of it remains, and no event.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;
onServer('an upload cut off by SIGKILL (built API, PostgreSQL)', () => {
  let db: TestDatabase;
  let api: Proc | null = null;
  const env: Record<string, string> = {};
  let base = '';
  const ADMIN_PASSWORD = 'documents-admin-password';

  async function start(): Promise<void> {
    const port = await freePort();
    api = new Proc('api', API_MAIN, { ...env, PORT: String(port) });
    base = `http://127.0.0.1:${port}`;
    await eventually(`api ready\n${api.output}`, async () => (await fetch(`${base}/health/ready`)).ok, 60_000);
  }
  async function call(method: string, path: string, token: string | null, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json().catch(() => ({}))) as Record<string, any> };
  }

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase('postgres');
    Object.assign(env, {
      DATABASE_URL: db.url as string,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      RUN_PROJECTIONS: 'false',
      AUTH_JWT_SECRET: 'documents-test-secret-of-at-least-32-characters',
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // One API on this database: whatever is staged when it starts was left by a killed process.
      DOCUMENT_STAGING_GRACE_SECONDS: '0',
    });
    await start();
  }, 90_000);
  afterAll(async () => {
    await api?.kill('SIGKILL');
    await db?.drop();
  });

  it('leaves no staged chunk, no orphan and no event after the restart; npm run verify then checks every document', async () => {
    const admin = (await call('POST', '/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })).body.accessToken as string;
    expect((await call('POST', '/admin/users', admin, { username: 'office-li', name: 'Li Na', role: 'innovation_office', initialPassword: 'office-li-initial-pw' })).status).toBe(201);
    expect((await call('POST', '/admin/users', admin, { username: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician', initialPassword: 'dr-chen-initial-pw' })).status).toBe(201);
    let login = (await call('POST', '/auth/login', null, { username: 'office-li', password: 'office-li-initial-pw' })).body;
    if (login.mustChangePassword) {
      login = (await call('POST', '/auth/password', login.accessToken, { currentPassword: 'office-li-initial-pw', newPassword: 'office-li-changed-pw' })).body;
    }
    const office = login.accessToken as string;
    const projectId = randomUUID();
    expect((await call('POST', '/projects', office, glucoseDetectorProposal({ projectId }))).status).toBe(201);
    const milestone = await call('POST', `/projects/${projectId}/milestones`, office, { title: 'Bench test', description: 'd', occurredOn: '2026-02-02' });
    const milestoneId = String(milestone.headers.get('location')).split('/').pop()!;
    const eventsBefore = Number((await db.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

    // Stream a 6 MiB PDF slowly; once some chunks are staged, kill the API mid-upload.
    const boundary = 'docs-boundary';
    const preamble = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmilestone\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="recordId"\r\n\r\n${milestoneId}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="killed.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
    );
    const url = new URL(`${base}/projects/${projectId}/documents`);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { Authorization: `Bearer ${office}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(preamble.length + 6 * 1024 * 1024 + 100) },
    });
    req.on('error', () => undefined);
    req.write(preamble);
    const block = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    const staged = async () => Number((await db.db.query<{ n: string }>('SELECT count(*) AS n FROM document_chunks')).rows[0].n) >= 2;
    while (!(await staged())) {
      if (sent < 5 * 1024 * 1024) {
        req.write(block);
        sent += block.length;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(Number((await db.db.query<{ n: string }>('SELECT count(*) AS n FROM document_uploads')).rows[0].n)).toBe(1);
    await api!.kill('SIGKILL');
    req.destroy();

    await start();
    const left = async (table: string) => Number((await db.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    expect(await left('document_uploads')).toBe(0);
    expect(await left('document_chunks')).toBe(0);
    expect(await left('document_blobs')).toBe(0);
    expect(Number((await db.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n)).toBe(eventsBefore);
    const list = await call('GET', `/projects/${projectId}/documents`, office);
    expect(list.body).toEqual([]);

    // npm run verify reads every document back: intact, then one byte changed in the database.
    const boundary2 = 'verify-boundary';
    const bytes = Buffer.from('%PDF-1.7\n% verified by npm run verify\n');
    const form = Buffer.concat([
      Buffer.from(
        `--${boundary2}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmilestone\r\n` +
          `--${boundary2}\r\nContent-Disposition: form-data; name="recordId"\r\n\r\n${milestoneId}\r\n` +
          `--${boundary2}\r\nContent-Disposition: form-data; name="file"; filename="v.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary2}--\r\n`),
    ]);
    const stored = await fetch(`${base}/projects/${projectId}/documents`, { method: 'POST', headers: { Authorization: `Bearer ${office}`, 'Content-Type': `multipart/form-data; boundary=${boundary2}` }, body: form });
    expect(stored.status).toBe(201);
    const verify = () => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [join(CLI_DIR, 'verify.js')], { env: { ...process.env, ...env }, encoding: 'utf8' }) };
      } catch (error) {
        const e = error as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    const intact = verify();
    expect(intact.code).toBe(0);
    expect(intact.out).toContain('1 documents');
    await db.db.query(`UPDATE document_chunks SET data = overlay(data placing '\\x21'::bytea from 12 for 1)`);
    const tampered = verify();
    expect(tampered.code).toBe(2);
    expect(tampered.out).toMatch(/document_altered .* document [0-9a-f-]{36}/);
  }, 150_000);
});
