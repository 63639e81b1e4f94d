import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { OFFICE, OFFICE_PASSWORD, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

// A conditional go clicked through in headless Chromium: the office signs a go with a condition for the lead
// clinician, the project lists it, "my work" shows it as a deadline, the next go is refused while it is open,
// and the Close action with evidence lets the next go through. Screenshots in test/browser/artifacts/conditions-*.png.
describe('conditional go (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let projectId: string;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `conditions-${name}.png`), fullPage: true });

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    projectId = (await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201)).body.projectId;
    await request(t.http)
      .post(`/projects/${projectId}/invention-disclosures`)
      .set(OFFICE)
      .send({ title: 'Fingertip NIR glucose sensing', summary: 'Two-wavelength absorption', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' })
      .expect(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openGo() {
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
    await page.fill('#gate-decision-form [name="password"]', OFFICE_PASSWORD);
  }

  it('signs a go with a condition owned by the lead clinician; the project lists it', async () => {
    await signInAs(page, url, TEST_USERS.office.username);
    await page.goto(`${url}/projects/${projectId}`);
    await page.waitForSelector('#project-page');
    await openGo();
    await page.click('#add-condition');
    await page.fill('[name="conditions.0.text"]', 'Commission a freedom-to-operate search');
    await page.selectOption('[name="conditions.0.ownerId"]', 'dr-chen');
    await page.fill('[name="conditions.0.dueOn"]', inDays(14));
    await shot('go-dialog');
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#signature-manifest');
    expect(await page.locator('#signature-manifest').textContent()).toContain('ConditionSet');
    await page.click('#signature-manifest button');
    const row = page.locator('#project-conditions .project-condition');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().getAttribute('data-status')).toBe('open');
    expect(await row.first().textContent()).toContain('Commission a freedom-to-operate search');
    expect(await row.first().textContent()).toContain('Dr. Chen Wei');
    await shot('project-open');
  }, 60_000);

  it('refuses the next go while the condition is open, naming it', async () => {
    await request(t.http)
      .post(`/projects/${projectId}/patents`)
      .set(OFFICE)
      .send({ title: 'Optical glucose meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610123456.7', filedOn: '2026-02-03' })
      .expect(200);
    await page.reload();
    await page.waitForSelector('#project-conditions');
    await openGo();
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#gate-decision-error');
    expect(await page.textContent('#gate-decision-error')).toContain('Conditions of an earlier go are still open');
    expect(await page.textContent('#open-conditions')).toContain('Commission a freedom-to-operate search');
    await shot('next-go-refused');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#gate-decision-form', { state: 'detached' });
  }, 60_000);

  it('shows the condition among the deadlines, then closes it with evidence and lets the next go through', async () => {
    await page.goto(`${url}/deadlines?kind=condition_due`);
    const deadline = page.locator('#upcoming-deadlines .deadline-table tbody tr[data-kind="condition_due"]');
    await deadline.first().waitFor({ timeout: 20_000 });
    expect(await deadline.first().textContent()).toContain('Condition of a conditional go');
    await shot('deadlines');

    // The owner, a clinician, finds it on their "My projects" (their own "my work"), due in 14 days.
    const lead = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await signInAs(lead, url, TEST_USERS.lead.username);
    await lead.goto(`${url}/my-projects`);
    await lead.waitForSelector('#my-conditions .my-condition', { timeout: 20_000 });
    expect(await lead.textContent('#my-conditions')).toContain('Commission a freedom-to-operate search');
    expect(await lead.textContent('#my-conditions')).toContain('In 14 days');
    await lead.screenshot({ path: join(ARTIFACTS, 'conditions-my-projects-phone.png'), fullPage: true });
    await lead.close();

    await page.goto(`${url}/projects/${projectId}`);
    await page.click('#project-conditions [data-action="close-condition"]');
    await page.waitForSelector('#command-form');
    await page.fill('#command-form [name="evidence"]', 'FTO report FTO-2026-07: no blocking patent');
    await page.click('#command-submit');
    await page.waitForSelector('#command-done');
    await page.keyboard.press('Escape');
    await page.locator('#project-conditions .project-condition[data-status="closed"]').waitFor();
    expect(await page.textContent('#project-conditions')).toContain('FTO report FTO-2026-07');
    await shot('project-closed');

    await openGo();
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#signature-manifest');
    const project = (await request(t.http).get(`/projects/${projectId}`).set(OFFICE).expect(200)).body;
    expect(project.stage).toBe('prototype');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
