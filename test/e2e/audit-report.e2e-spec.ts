import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { proposeProject } from './support/fixtures';
import { CLI_DIR } from './support/processes';
import { ADMIN, LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from './support/test-app';

// The inspector's copy of a project's record (issue 18): the PDF's text, extracted with poppler's pdftotext, holds
// the events, names, Chinese and Indonesian text, corrections, signatures and the chain's last hash; the HTML page
// escapes every value; asOf leaves later events out; clinicians may not export.
const run = promisify(execFile);
const TITLE = '无创血糖检测仪（近红外指尖）';
const REASON = 'Tanggal pengungkapan salah disalin dari formulir pendaftaran';
const HOSTILE = `<script>alert("x")</script> & 'quoted'`;

/** The PDF's text as a reader's tool sees it, whitespace folded (a long value may wrap). */
function pdfText(pdf: Buffer, dir: string, name: string): Promise<string> {
  const file = join(dir, name);
  return writeFile(file, pdf).then(() => execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '));
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('audit report of a project (e2e)', () => {
  let t: TestApp;
  let work: string;
  let projectId: string;
  let disclosureId: string;
  let signedAt: string; // the instant the gate decision was recorded: asOf for the past view
  let lastHash: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'audit-report-'));
    t = await startTestApp();
    projectId = await proposeProject(t.http, { title: TITLE, summary: 'Spektroskopi inframerah dekat tanpa jarum' });
    const post = (path: string, body: object, headers: Record<string, string> = OFFICE) => request(t.http).post(`/projects/${projectId}${path}`).set(headers).send(body);
    const disclosed = await post('/invention-disclosures', { title: '近红外双波长血糖测量', summary: 'Two-wavelength absorption', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' }).expect(200);
    disclosureId = String(disclosed.headers.location).split('/').pop()!;
    const signature = { meaning: 'approved to advance', printedName: 'Li Na', password: OFFICE_PASSWORD };
    const gate = await post('/gate-decisions', { decision: 'go', signature }, { ...OFFICE, 'If-Match': `"${disclosed.body.revision}"` }).expect(200);
    expect(gate.body.revision).toBe(2);
    const history = (await request(t.http).get(`/projects/${projectId}/history`).set(OFFICE).expect(200)).body;
    signedAt = history.events[2].recordedAt;
    await post('/corrections', { target: { kind: 'invention_disclosure', id: disclosureId }, field: 'disclosedOn', oldValue: '2026-01-12', newValue: '2026-01-21', reason: REASON }).expect(200);
    const row = await t.database.db.query<{ hash: string }>(
      `SELECT encode(hash, 'hex') AS hash FROM events WHERE stream_id = $1 ORDER BY stream_revision DESC LIMIT 1`,
      [`project-${projectId}`],
    );
    lastHash = row.rows[0].hash;
  });
  afterAll(async () => {
    await t.close();
    await rm(work, { recursive: true, force: true });
  });

  const pdfOf = (query: string, headers = MANAGER, id = projectId) =>
    request(t.http).get(`/projects/${id}/audit-report${query}`).set(headers).buffer(true).parse(binary);

  it('gives management the whole record as a PDF whose text holds every event, name, correction, signature and the last hash', async () => {
    const res = await pdfOf('').expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="audit-report-${projectId}.pdf"`);
    expect(res.headers.etag).toBe('"3"');
    const text = await pdfText(res.body as Buffer, work, 'now.pdf');

    expect(text).toContain(`Audit report: ${TITLE}`);
    expect(text).toContain('Spektroskopi inframerah dekat tanpa jarum');
    expect(text).toContain('近红外双波长血糖测量');
    for (const type of ['#0 ProjectProposed', '#1 InventionDisclosureRecorded', '#2 StageAdvanced', '#3 RecordCorrected']) expect(text).toContain(type);
    expect(text).toContain('By Li Na (innovation_office, account office-li)');
    expect(text).toContain('Lead clinician: Dr. Chen Wei (dr-chen)');
    // The correction: its record, field, old and new value and the Indonesian reason.
    expect(text).toContain(`invention_disclosure ${disclosureId}, field disclosedOn`);
    expect(text).toMatch(/Old value: 2026-01-12 New value: 2026-01-21/);
    expect(text).toContain(`Reason: ${REASON}`);
    // The signature's manifest: superseded, since the correction changed the disclosure it covered.
    expect(text).toContain('go: idea → patent');
    expect(text).toContain('Printed name: Li Na');
    expect(text).toContain('Meaning: approved to advance');
    expect(text).toContain('Signed revision: 1');
    expect(text).toMatch(/Content hash \(matches the record\): sha256:[0-9a-f]{64}/);
    expect(text).toContain('Status: superseded by revision 3');
    // The chain check at export, and the hash a reader can compare later.
    expect(text).toContain('Result: INTACT: 4 events of the stream checked at');
    expect(text).toContain(`Last hash (sha256): ${lastHash}`);
    expect(text).toMatch(/Generated \S+ by Wong Mei \(management, account mgr-wong\)/);
  });

  it('as of the signature, leaves the later correction out and shows the signature valid', async () => {
    const res = await pdfOf(`?asOf=${encodeURIComponent(signedAt)}`).expect(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-report-[0-9a-f-]+-as-of-\d{8}T\d+Z\.pdf"$/);
    const text = await pdfText(res.body as Buffer, work, 'as-of.pdf');
    expect(text).toContain(`The record as it stood at ${signedAt} (revision 2)`);
    expect(text).toContain('#2 StageAdvanced');
    expect(text).not.toContain('RecordCorrected');
    expect(text).not.toContain(REASON);
    expect(text).toContain('Corrections (0)');
    expect(text).toContain('Status: valid');
    // The chain is checked as stored now: its last hash is still the stream's, beside the last one shown.
    expect(text).toContain(`Last hash (sha256): ${lastHash}`);
    expect(text).toMatch(/Hash of revision 2, the last shown: [0-9a-f]{64}/);

    const before = await request(t.http).get(`/projects/${projectId}/audit-report?asOf=2000-01-01T00:00:00Z`).set(MANAGER).expect(404);
    expect(before.body.code).toBe('project_not_found');
  });

  it('prints an HTML page that shows a hostile title as text, with a print stylesheet', async () => {
    const hostile = await proposeProject(t.http, { title: HOSTILE });
    const res = await request(t.http).get(`/projects/${hostile}/audit-report?format=html`).set(OFFICE).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).not.toContain('<script');
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(res.text).toContain('@media print');
    expect(res.text).toContain('Last hash (sha256): ');

    const page = (await request(t.http).get(`/projects/${projectId}/audit-report?format=html`).set(ADMIN).expect(200)).text;
    expect(page).toContain(TITLE);
    expect(page).toContain(REASON);
    expect(page).toContain(lastHash);
  });

  it('renders reports asked for at once, each with its own text (the parsed fonts are shared by every report)', async () => {
    const other = await proposeProject(t.http, { title: '单孔腹腔镜手术机器人' });
    const [a, b, c] = await Promise.all([pdfOf('', MANAGER, other), pdfOf(''), pdfOf('', ADMIN, other)]);
    const texts = await Promise.all([a, b, c].map((res, i) => pdfText(res.body as Buffer, work, `concurrent-${i}.pdf`)));
    expect(texts[0]).toContain('Audit report: 单孔腹腔镜手术机器人');
    expect(texts[1]).toContain(`Audit report: ${TITLE}`);
    expect(texts[1]).not.toContain('单孔腹腔镜手术机器人');
    expect(texts[2]).toContain('Audit report: 单孔腹腔镜手术机器人');
  });

  it("names an event altered behind the application's back in that project's report only", async () => {
    const altered = await proposeProject(t.http, { title: 'Single-port laparoscopic robot' });
    await request(t.http)
      .post(`/projects/${altered}/invention-disclosures`)
      .set(OFFICE)
      .send({ title: 'Wristed instrument', summary: 'Under 3 cm incision', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' })
      .expect(200);
    // As an intruder with the table owner's rights would: the append-only trigger off, the change, the trigger on.
    await t.database.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await tx.query(`UPDATE events SET data = jsonb_set(data, '{disclosedOn}', '"2025-12-01"') WHERE stream_id = $1 AND stream_revision = 1`, [`project-${altered}`]);
      await tx.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
    });
    const text = await pdfText((await pdfOf('', OFFICE, altered).expect(200)).body as Buffer, work, 'altered.pdf');
    expect(text).toContain('Result: TAMPERED: 2 events of the stream checked at');
    expect(text).toContain('altered at revision 1: The stored row no longer matches the hash recorded with it.');
    const untouched = (await request(t.http).get(`/projects/${projectId}/audit-report?format=html`).set(OFFICE).expect(200)).text;
    expect(untouched).toContain('Result: INTACT: 4 events of the stream');
  });

  it('lists each document and its versions with file name, media type, size, sha256, record, who and when, and whether the stored bytes still match', async () => {
    const id = await proposeProject(t.http, { title: '近红外血糖仪 documents' });
    const disclosed = await request(t.http)
      .post(`/projects/${id}/invention-disclosures`)
      .set(OFFICE)
      .send({ title: 'Dual-wavelength sensor', summary: 'NIR', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' })
      .expect(200);
    const recordId = String(disclosed.headers.location).split('/').pop()!;
    const pdfFile = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n`);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const draft = pdfFile('draft disclosure form');
    const signed = pdfFile('signed disclosure form');
    const search = pdfFile('patent search report');
    const attach = (bytes: Buffer, name: string, purpose: string) =>
      request(t.http)
        .post(`/projects/${id}/documents`)
        .set(OFFICE)
        .field('kind', 'invention_disclosure')
        .field('recordId', recordId)
        .field('purpose', purpose)
        .attach('file', bytes, { filename: name, contentType: 'application/pdf' });
    const first = (await attach(draft, '发明披露表（草稿）.pdf', 'disclosure_form').expect(201)).body as { documentId: string };
    const second = (
      await request(t.http)
        .post(`/projects/${id}/documents/${first.documentId}/versions`)
        .set(OFFICE)
        .field('reason', '签字版本 (the signed copy)')
        .attach('file', signed, { filename: '发明披露表（签字）.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body as { documentId: string };
    const other = (await attach(search, 'patent search.pdf', 'patent_search_report').expect(201)).body as { documentId: string };
    // The search report's bytes changed in the store behind the application's back.
    await t.database.db.query(
      `UPDATE document_chunks SET data = overlay(data placing '\\x58'::bytea from 20 for 1)
        WHERE upload_id = (SELECT upload_id FROM document_blobs WHERE sha256 = $1)`,
      [sha(search)],
    );

    const text = await pdfText((await pdfOf('', OFFICE, id).expect(200)).body as Buffer, work, 'documents.pdf');
    expect(text).toContain('Documents (3)');
    expect(text).toContain('发明披露表（草稿）.pdf (version 1)');
    expect(text).toContain('发明披露表（签字）.pdf (version 2)');
    expect(text).toContain(`Evidence for: invention_disclosure ${recordId}, as disclosure_form`);
    expect(text).toContain(`File: application/pdf, ${draft.length} bytes`);
    for (const b of [draft, signed, search]) expect(text).toContain(sha(b));
    expect(text).toContain('Attached: by Li Na (innovation_office, account office-li), recorded');
    expect(text).toContain(`Superseded by document ${second.documentId}`);
    expect(text).toContain(`Supersedes document ${first.documentId}: 签字版本 (the signed copy)`);
    expect(text).toContain('Stored bytes: read back for this report: they match the sha256 and size on the record');
    expect(text).toContain('Stored bytes: DO NOT MATCH the record: The stored bytes no longer match the sha256 on the record.');
    // Versions follow their first version, documents in the order they came.
    expect(text.indexOf('(version 1)')).toBeLessThan(text.indexOf('(version 2)'));
    expect(text.indexOf('(version 2)')).toBeLessThan(text.indexOf('patent search.pdf (version 1)'));
    expect(text).toContain(`document ${other.documentId}`);

    const page = (await request(t.http).get(`/projects/${id}/audit-report?format=html`).set(MANAGER).expect(200)).text;
    expect(page).toContain('<h2>Documents (3)</h2>');
    expect(page).toContain('发明披露表（签字）.pdf (version 2)');
    expect(page).toContain(sha(signed));
    expect(page).toContain('<span class="bad">DO NOT MATCH the record');

    // As of the first version only: one document, current then.
    const history = (await request(t.http).get(`/projects/${id}/history`).set(OFFICE).expect(200)).body as { events: { type: string; recordedAt: string }[] };
    const attachedAt = history.events.find((e) => e.type === 'DocumentAttached')!.recordedAt;
    const past = await pdfText((await pdfOf(`?asOf=${encodeURIComponent(attachedAt)}`, OFFICE, id).expect(200)).body as Buffer, work, 'documents-as-of.pdf');
    expect(past).toContain('Documents (1)');
    expect(past).toContain('Current version');
    expect(past).not.toContain('(version 2)');
  });

  it('refuses clinicians (403), an unknown format (400) and an asOf without a time zone (400)', async () => {
    const refused = await request(t.http).get(`/projects/${projectId}/audit-report`).set(LEAD).expect(403);
    expect(refused.body.code).toBe('role_not_permitted');
    const format = await request(t.http).get(`/projects/${projectId}/audit-report?format=docx`).set(OFFICE).expect(400);
    expect(format.body.errors).toMatchObject([{ field: 'format' }]);
    await request(t.http).get(`/projects/${projectId}/audit-report?asOf=2026-03-01T10:00:00`).set(OFFICE).expect(400);
  });

  // The built CLI (npm run test:e2e builds it) reads the same database: the server's, when DATABASE_URL is set.
  const cli = join(CLI_DIR, 'audit-report.js');
  (process.env.DATABASE_URL ? it : it.skip)('npm run audit-report writes the same report from the command line', async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm run test:e2e does)`);
    const env = { ...process.env, DATABASE_URL: t.database.url!, LOG_LEVEL: 'silent' };
    const out = join(work, 'cli.pdf');
    const { stdout } = await run(process.execPath, [cli, projectId, '--as-of', signedAt, '--out', out], { env });
    expect(stdout).toContain(`Chain check: OK, last hash ${lastHash}`);
    const text = await pdfText(await readFile(out), work, 'cli-copy.pdf');
    expect(text).toContain(`Audit report: ${TITLE}`);
    expect(text).not.toContain('RecordCorrected');
    expect(text).toContain(`Last hash (sha256): ${lastHash}`);
    expect(text).toContain('Documents (0)');

    const html = join(work, 'cli.html');
    await run(process.execPath, [cli, projectId, '--format', 'html', '--out', html], { env });
    expect(await readFile(html, 'utf8')).toContain(REASON);
    await expect(run(process.execPath, [cli, projectId, '--format', 'docx', '--out', html], { env })).rejects.toMatchObject({ code: 1 });
    // Three processes, each starting in several seconds on a loaded two-core machine.
  }, 120_000);
});
