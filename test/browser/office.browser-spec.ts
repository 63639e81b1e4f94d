import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { LEAD, MANAGER, OFFICE_PASSWORD, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// The innovation office in Debian's headless Chromium, only by clicking and typing: proposes a class III project
// (meeting the API's field errors first), meets a gate's 409 naming the missing evidence and records it from the
// checklist, resolves a 412 made by someone else, corrects a milestone with a reason, and signs a hold whose
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
    // A step that cannot happen fails in seconds, naming its selector, before the test's own timeout.
    page.setDefaultTimeout(10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    await signInAs(page, url, TEST_USERS.office.username);
  }, 90_000);

  // The screen as it was when a step failed.
  afterEach(async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'office-last-step.png'), fullPage: true });
  });

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
    // In the catalogue's words, not the API's property names.
    expect(await fieldError('title')).toBe('Required.');
    expect(await fieldError('leadClinician.id')).toBe('Required.');
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

  it('meets the gate’s 409 with the missing evidence named, and records that evidence from the checklist', async () => {
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
    await page.keyboard.press('Escape');
    await page.waitForSelector('#gate-decision-form', { state: 'detached' });

    // The checklist's item opens the form that records it, drawn from the API's request schema.
    await page.click('#missing-evidence [data-evidence="invention_disclosure"]');
    await page.waitForSelector('#command-form[data-route="/projects/{projectId}/invention-disclosures"]');
    await page.fill('#command-form [name="title"]', 'Insulin dosing from a glucose trend');
    await page.fill('#command-form [name="summary"]', 'Doses follow the trend, not a single reading.');
    await page.fill('#command-form [name="inventors"]', 'Dr. Chen Wei\nLi Na');
    await page.fill('#command-form [name="disclosedOn"]', '2026-02-01');
    await page.screenshot({ path: join(ARTIFACTS, 'office-record-disclosure.png') });
    await page.click('#command-submit');
    await page.waitForSelector('#command-done');
    await page.click('#command-done button');
    const after = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    expect(after.records.disclosures).toMatchObject([{ title: 'Insulin dosing from a glucose trend', inventors: ['Dr. Chen Wei', 'Li Na'], disclosedOn: '2026-02-01' }]);
    expect(after.missingEvidence).toEqual([]);
    await page.locator('#missing-evidence', { hasText: 'Ready for a go' }).waitFor();

    // "My work" lists it as ready for a decision, and the proposal among the changes.
    await page.click('#nav-my-work');
    await page.locator('#ready', { hasText: 'Closed-loop insulin patch' }).waitFor();
    expect(await page.locator('#changed').textContent()).toContain('Closed-loop insulin patch');
    await page.screenshot({ path: join(ARTIFACTS, 'office-my-work.png'), fullPage: true });
    await page.goBack();
    await page.waitForSelector('#project-page .timeline li');
  });

  it('resolves a 412: shows what someone else changed, and redoes the change on the new revision', async () => {
    await page.click('[data-action=record-menu]');
    await page.click('[data-route="/projects/{projectId}/milestones"]');
    await page.waitForSelector('#command-form[data-route="/projects/{projectId}/milestones"]');
    await page.fill('#command-form [name="title"]', 'Pump prototype drawings');
    await page.fill('#command-form [name="description"]', 'First drawings signed off.');
    await page.fill('#command-form [name="occurredOn"]', '2026-02-10');
    // Meanwhile someone else records a milestone on the same project.
    await request(t.http).post(`/projects/${projectId}/milestones`).set(LEAD).send({ title: 'Clinic survey', description: 'Done elsewhere', occurredOn: '2026-02-09' }).expect(200);
    await page.click('#command-submit');
    await page.waitForSelector('#changed-since');
    await page.locator('#changed-since', { hasText: TEST_USERS.lead.name }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'office-412.png') });
    // The input is kept; after the review the same change goes onto the new revision.
    expect(await page.locator('#command-form [name="title"]').inputValue()).toBe('Pump prototype drawings');
    await page.click('#changed-since button');
    await page.click('#command-submit');
    await page.waitForSelector('#command-done');
    await page.click('#command-done button');
    const milestones = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body.records.milestones;
    expect(milestones.map((m: { title: string }) => m.title)).toEqual(['Clinic survey', 'Pump prototype drawings']);
  });

  it('corrects a milestone’s date with a reason, starting from the milestone, and sees old and new value in the history', async () => {
    const milestone = page.locator('[data-record="milestones"]', { hasText: 'Pump prototype drawings' });
    await milestone.locator('button:has-text("Correct…")').click();
    await page.click('[role=menuitem]:has-text("occurred on")');
    await page.waitForSelector('#command-form[data-route="/projects/{projectId}/corrections"]');
    expect(await page.locator('#command-form [name="oldValue"]').inputValue()).toBe('2026-02-10');
    await page.fill('#command-form [name="newValue"]', '2026-02-11');
    await page.fill('#command-form [name="reason"]', 'Date typed from the wrong log');
    await page.click('#command-submit');
    await page.waitForSelector('#command-done');
    await page.click('#command-done button');
    const correction = page.locator('#project-page .timeline li', { hasText: 'Date typed from the wrong log' });
    await correction.waitFor();
    // The field by its label, the dates as the browser's language (en-US) writes them.
    expect(await correction.locator('.correction').textContent()).toBe('Occurred on: Feb 10, 2026 → Feb 11, 2026');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(ARTIFACTS, 'office-correction.png'), fullPage: true });
  });

  it('signs a hold and sees the manifest and the signed history entry', async () => {
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
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
