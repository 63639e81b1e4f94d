import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { proposeProject } from '../e2e/support/fixtures';
import { OFFICE, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

/** A small, valid one-page PDF saying what it is (PDFium renders it). */
function reportPdf(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

// The innovation office uploads the ISO 10993 test report to a verification test by drag and drop, sees it on
// the record and in the gate's evidence documents, and opens it in the page (a PDF from the authenticated download).
describe('evidence documents (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let projectId: string;
  let testId: string;
  const pageErrors: string[] = [];
  const pdf = reportPdf('ISO 10993-5 cytotoxicity test report - passed');

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    projectId = await proposeProject(t.http);
    const prototype = await request(t.http).post(`/projects/${projectId}/prototypes`).set(OFFICE).send({ version: 'v1.0', description: 'Bench prototype', builtOn: '2026-01-10' }).expect(200);
    const prototypeId = String(prototype.headers.location).split('/').pop();
    const test = await request(t.http)
      .post(`/projects/${projectId}/verification-tests`)
      .set(OFFICE)
      .send({ prototypeId, standard: 'ISO 10993-5', lab: 'Shanghai Testing & Inspection Institute for Medical Devices', cnasNumber: 'CNAS L0123', result: 'passed', testedOn: '2026-02-01', reportReference: 'SHTI-2026-0415' })
      .expect(200);
    testId = String(test.headers.location).split('/').pop()!;
    await request(t.http).post(`/projects/${projectId}/invention-disclosures`).set(OFFICE).send({ title: 'Optical glucose sensing', summary: 'NIR', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-05' }).expect(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(15_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    await signInAs(page, url, TEST_USERS.office.username);
  }, 90_000);

  afterEach(async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'documents-last-step.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('uploads a PDF to a verification test by drag and drop, with its progress, and shows it on the record', async () => {
    await page.goto(`${url}/projects/${projectId}`);
    const record = page.locator(`[data-records="verificationTests"] [data-documents-of="verification_test:${testId}"]`);
    await record.locator('[data-action=add-document]').click();
    const zone = record.locator('[data-drop-zone]');
    // A file dropped as a person would: a DataTransfer carrying the PDF, dropped on the zone.
    const transfer = await page.evaluateHandle(({ bytes, name }) => {
      // Runs in the page (DOM types are not in this file's compilation).
      const dom = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } } };
      const data = new dom.DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
      return data;
    }, { bytes: [...pdf], name: 'ISO 10993-5 检测报告.pdf' });
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await record.locator('[data-chosen-file]').waitFor();
    expect(await record.locator('[data-chosen-file]').textContent()).toBe('ISO 10993-5 检测报告.pdf');
    await record.locator('[data-field=purpose]').selectOption('test_report');
    await page.screenshot({ path: join(ARTIFACTS, 'documents-drop.png'), fullPage: true });
    await record.locator('[data-action=upload-document]').click();
    const item = record.locator('li[data-file-name="ISO 10993-5 检测报告.pdf"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('Test report');
    expect(await item.textContent()).toContain(createHash('sha256').update(pdf).digest('hex').slice(0, 12));
    await page.screenshot({ path: join(ARTIFACTS, 'documents-on-record.png'), fullPage: true });

    // On the record: the event, and the bytes the API gives back are the ones dropped.
    const list = await request(t.http).get(`/projects/${projectId}/documents`).set(OFFICE).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ fileName: 'ISO 10993-5 检测报告.pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') })]);
    const attached = page.locator('#project-page .timeline li').filter({ hasText: 'Document attached' }).first();
    await attached.waitFor();
    // The history says the file, what it is for and its size in words, not the event's field names.
    const note = (await attached.locator('.document-note').textContent()) ?? '';
    expect(note).toContain('ISO 10993-5 检测报告.pdf · Test report · Verification test');
    expect(await attached.textContent()).not.toMatch(/sha256:|fileName|mediaType|attachedTo/);
    await attached.screenshot({ path: join(ARTIFACTS, 'documents-history-entry.png') });
  });

  it('shows the documents in the evidence checklist and uploads one there', async () => {
    const checklist = page.locator('#evidence-documents');
    await checklist.waitFor();
    const disclosure = checklist.locator('[data-evidence-record^="invention_disclosure:"]');
    await disclosure.locator('[data-action=add-document]').click();
    await disclosure.locator('[data-file-input]').setInputFiles({ name: 'disclosure form.pdf', mimeType: 'application/pdf', buffer: reportPdf('Invention disclosure form') });
    await disclosure.locator('[data-action=upload-document]').click();
    await disclosure.locator('li[data-file-name="disclosure form.pdf"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'documents-checklist.png'), fullPage: true });
  });

  it('opens the PDF in the page from the authenticated download', async () => {
    const item = page.locator(`[data-records="verificationTests"] li[data-file-name="ISO 10993-5 检测报告.pdf"]`);
    await item.locator('[data-action=open-document]').click();
    const frame = page.locator('iframe[data-preview=pdf]');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    // PDFium needs a moment to draw the page.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ARTIFACTS, 'documents-preview.png'), fullPage: false });
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('refuses a program dropped on a record, and says why', async () => {
    const record = page.locator(`[data-records="verificationTests"] [data-documents-of="verification_test:${testId}"]`);
    await record.locator('[data-action=add-document]').click();
    await record.locator('[data-file-input]').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(128)]) });
    await record.locator('[data-action=upload-document]').click();
    const alert = record.locator('[role=alert]');
    await alert.waitFor();
    expect((await alert.textContent())?.length).toBeGreaterThan(5);
    await page.screenshot({ path: join(ARTIFACTS, 'documents-refused.png'), fullPage: true });
  });
});
