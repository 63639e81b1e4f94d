import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { MANAGER, passwordOf, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// The office's session ending while a form is open (the token revoked: a sign-out elsewhere, a password change, a
// lock): the next write's 401 sends the user to sign in and back to the screen, with what they typed still there.
// Also the lead clinician chosen from the clinicians with an account, and the gate dialog's evidence on record.
describe('innovation office: an ended session keeps the unsaved input (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];
  const office = TEST_USERS.office.username;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true', AUTH_USER_CACHE_MS: '0' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    await signInAs(page, url, office);
  }, 90_000);

  afterEach(async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'office-session-last-step.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // Every token of the office account ends (as a sign-out in another tab does): the browser's is now revoked.
  const endSession = async () => {
    await request(t.http).post('/auth/logout').set({ Authorization: `Bearer ${await t.tokenFor(office)}` }).expect(204);
  };
  const signInAgain = async (next: RegExp) => {
    await page.waitForURL(/\/sign-in\?next=/);
    await page.waitForSelector('#loginForm', { state: 'visible' });
    await page.fill('#loginForm input[name=username]', office);
    await page.fill('#loginForm input[name=password]', passwordOf(office));
    await page.click('#loginForm button[type=submit]');
    await page.waitForURL(next);
  };
  const form = '#propose-project-form';
  let projectId: string;

  it('proposes with the lead chosen from the clinicians, after a sign-in that kept every field typed', async () => {
    await page.click('#nav-propose');
    await page.waitForSelector(form);
    // The clinicians with an account are offered; choosing one fills the person id and the name.
    await page.selectOption('#lead-picker', 'dr-chen');
    expect(await page.inputValue(`${form} [name="leadClinician.id"]`)).toBe('dr-chen');
    expect(await page.inputValue(`${form} [name="leadClinician.name"]`)).toBe(TEST_USERS.lead.name);
    await page.fill(`${form} [name="title"]`, 'Wireless bladder pressure sensor');
    await page.fill(`${form} [name="deviceType"]`, 'implantable sensor');
    await page.selectOption(`${form} [name="riskClass"]`, 'III');
    await page.fill(`${form} [name="therapeuticArea"]`, 'urology');
    await page.fill(`${form} [name="institution"]`, 'Ruijin Hospital');
    await page.fill(`${form} [name="department"]`, 'Urology');
    await page.fill(`${form} [name="summary"]`, 'Reads bladder pressure for weeks without a catheter.');
    await page.selectOption(`${form} [name="targets.0.authority"]`, 'NMPA');
    await page.selectOption(`${form} [name="targets.0.pathway"]`, 'registration');
    await page.click(`${form} button:has-text("Add a partner")`);
    await page.fill(`${form} [name="partners.0.name"]`, 'Suzhou Sensors Co.');

    await endSession();
    await page.click('#propose-submit');
    await signInAgain(/\/projects\/new$/);
    await page.waitForSelector('#draft-restored');
    expect(await page.inputValue(`${form} [name="title"]`)).toBe('Wireless bladder pressure sensor');
    expect(await page.inputValue(`${form} [name="summary"]`)).toBe('Reads bladder pressure for weeks without a catheter.');
    expect(await page.inputValue(`${form} [name="riskClass"]`)).toBe('III');
    expect(await page.inputValue(`${form} [name="partners.0.name"]`)).toBe('Suzhou Sensors Co.');
    expect(await page.inputValue('#lead-picker')).toBe('dr-chen');
    await page.screenshot({ path: join(ARTIFACTS, 'office-session-draft-restored.png'), fullPage: true });

    await page.click('#propose-submit');
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    const project = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    expect(project.profile).toMatchObject({ title: 'Wireless bladder pressure sensor', riskClass: 'III', leadClinician: { id: 'dr-chen', name: TEST_USERS.lead.name } });
    expect(project.partners).toMatchObject([{ name: 'Suzhou Sensors Co.' }]);
    // Proposed: the next form starts empty.
    await page.click('#nav-propose');
    await page.waitForSelector(form);
    expect(await page.inputValue(`${form} [name="title"]`)).toBe('');
    expect(await page.locator('#draft-restored').count()).toBe(0);
  });

  it('shows the evidence on record in the gate dialog, and keeps its reason across a sign-in', async () => {
    await request(t.http)
      .post(`/projects/${projectId}/invention-disclosures`)
      .set({ Authorization: `Bearer ${await t.tokenFor(office)}` })
      .send({ title: 'Pressure telemetry through the bladder wall', summary: 'Passive RF.', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-02-01' })
      .expect(200);
    await page.goto(`${url}/projects/${projectId}`);
    await page.locator('#project-page .timeline li', { hasText: /disclosure/i }).first().waitFor();
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-evidence');
    // The gate to patent asks for an invention disclosure: the one on record is named, with its date.
    const row = page.locator('#gate-evidence [data-evidence="invention_disclosure"]');
    expect(await row.getAttribute('data-met')).toBe('true');
    expect(await row.textContent()).toContain('Pressure telemetry through the bladder wall');
    await page.screenshot({ path: join(ARTIFACTS, 'office-gate-evidence.png') });

    await page.selectOption('#gate-decision-form [name="decision"]', 'hold');
    await page.fill('#gate-decision-form [name="reason"]', 'Waiting for the partner’s sensor samples');
    await page.fill('#gate-decision-form [name="password"]', passwordOf(office));
    await endSession();
    await page.click('#gate-decision-form button[type=submit]');
    await signInAgain(new RegExp(`/projects/${projectId}$`));
    await page.waitForSelector('#project-page .timeline li');
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
    expect(await page.inputValue('#gate-decision-form [name="decision"]')).toBe('hold');
    expect(await page.inputValue('#gate-decision-form [name="reason"]')).toBe('Waiting for the partner’s sensor samples');
    // The password is never kept.
    expect(await page.inputValue('#gate-decision-form [name="password"]')).toBe('');
    await page.fill('#gate-decision-form [name="password"]', passwordOf(office));
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#signature-manifest');
    const project = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    expect(project.status).toBe('on_hold');
    expect(pageErrors).toEqual([]);
  });
});
