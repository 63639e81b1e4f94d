import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { MANAGER, OFFICE_PASSWORD, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// The innovation office in Debian's headless Chromium, only by clicking and typing: proposes a class III project
// (meeting the API's field errors first), meets a gate's 409 naming the missing evidence, and signs a hold whose
// signature manifest and history entry show the account's printed name.
describe('innovation office workspace (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let projectId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    mkdirSync(ARTIFACTS, { recursive: true });
    await signInAs(page, url, TEST_USERS.office.username);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const form = '#propose-project-form';
  const fieldError = (name: string) =>
    page.locator(`${form} [name="${name}"]`).evaluate((input) => {
      const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
      return input.ownerDocument.getElementById(ids.find((id: string) => id.endsWith('error')) ?? '')?.textContent ?? '';
    });

  it('proposes a class III project through the form, with the API’s field errors shown on the fields first', async () => {
    await page.click('#nav-propose');
    await page.waitForSelector(form);
    // Nothing typed yet: the API refuses, and says so on each field.
    await page.click('#propose-submit');
    await page.waitForSelector('#propose-error');
    expect(await page.locator(`${form} [name="title"]`).getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError('title')).toMatch(/title/);
    expect(await fieldError('leadClinician.id')).toMatch(/id/);
    await page.screenshot({ path: join(ARTIFACTS, 'office-propose-errors.png'), fullPage: true });

    await page.fill(`${form} [name="title"]`, 'Closed-loop insulin patch');
    await page.fill(`${form} [name="deviceType"]`, 'wearable drug-delivery device');
    await page.selectOption(`${form} [name="riskClass"]`, 'III');
    await page.fill(`${form} [name="therapeuticArea"]`, 'endocrinology');
    await page.fill(`${form} [name="institution"]`, 'Ruijin Hospital');
    await page.fill(`${form} [name="department"]`, 'Endocrinology');
    await page.fill(`${form} [name="summary"]`, 'A patch that doses insulin from a continuous glucose reading.');
    await page.fill(`${form} [name="leadClinician.id"]`, 'dr-chen');
    await page.fill(`${form} [name="leadClinician.name"]`, TEST_USERS.lead.name);
    await page.selectOption(`${form} [name="targets.0.authority"]`, 'NMPA');
    await page.selectOption(`${form} [name="targets.0.pathway"]`, 'innovative_special_review');
    await page.fill(`${form} [name="targets.0.deviceClass"]`, 'III');
    await page.click(`${form} button:has-text("Add a partner")`);
    await page.fill(`${form} [name="partners.0.name"]`, 'Shanghai MedTech Ltd');
    await page.selectOption(`${form} [name="partners.0.role"]`, 'manufacturer');
    await page.click('#propose-submit');

    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    await page.waitForSelector('#project-page .timeline li');
    const project = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    expect(project.profile).toMatchObject({
      title: 'Closed-loop insulin patch',
      riskClass: 'III',
      leadClinician: { id: 'dr-chen', name: TEST_USERS.lead.name },
      targets: [{ authority: 'NMPA', pathway: 'innovative_special_review', deviceClass: 'III' }],
    });
    expect(project.partners).toMatchObject([{ name: 'Shanghai MedTech Ltd', kind: 'enterprise', role: 'manufacturer' }]);
    expect(await page.locator('#project-page h2').first().textContent()).toBe('Closed-loop insulin patch');
    expect(await page.locator('#missing-evidence').textContent()).toContain(project.missingEvidence[0].message);
    await page.screenshot({ path: join(ARTIFACTS, 'office-project-page.png'), fullPage: true });
  });

  it('meets the gate’s 409 with the missing evidence named, then signs a hold and sees the manifest', async () => {
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
    expect(await page.locator('#gate-decision-form [name="printedName"]').inputValue()).toBe(TEST_USERS.office.name);
    await page.fill('#gate-decision-form [name="password"]', OFFICE_PASSWORD);
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#gate-decision-error');
    const project = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    const refusal = await page.locator('#gate-decision-error').textContent();
    expect(refusal).toContain(project.missingEvidence[0].message);
    await page.screenshot({ path: join(ARTIFACTS, 'office-gate-409.png') });

    await page.selectOption('#gate-decision-form [name="decision"]', 'hold');
    await page.fill('#gate-decision-form [name="reason"]', 'Waiting for the partner’s funding decision');
    await page.fill('#gate-decision-form [name="password"]', OFFICE_PASSWORD);
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#signature-manifest');
    const manifest = await page.locator('#signature-manifest').textContent();
    expect(manifest).toContain(TEST_USERS.office.name);
    expect(manifest).toContain('paused');
    await page.screenshot({ path: join(ARTIFACTS, 'office-signature-manifest.png') });
    await page.click('#signature-manifest button');

    const history = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body.events;
    const hold = history.find((e: { type: string }) => e.type === 'ProjectPutOnHold');
    expect(hold).toMatchObject({ reason: 'Waiting for the partner’s funding decision', data: { signature: { printedName: TEST_USERS.office.name, meaning: 'paused' } } });
    await page.locator(`#project-page .timeline li[data-event-id="${hold.eventId}"] .signature`).waitFor();
    expect(await page.locator(`#project-page .timeline li[data-event-id="${hold.eventId}"] .signature`).textContent()).toContain(`Signed by ${TEST_USERS.office.name}`);
    await page.screenshot({ path: join(ARTIFACTS, 'office-project-after-hold.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
