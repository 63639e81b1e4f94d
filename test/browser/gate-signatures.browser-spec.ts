import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { OFFICE, OFFICE_PASSWORD, passwordOf, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// A go collecting two signatures from two browsers: fda_510k's design_verification → premarket_review needs two
// signers from the office or management, one from outside the team. The office signs in one browser (1 of 2, what
// is missing), signing again is refused; a manager in another browser sees that signature, signs, and the stage
// moves; the office's page then shows the new stage and the history both signatures counted.
// Screenshots in test/browser/artifacts/gate-signatures-*.png.
describe('a gate decision with two signers (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let contextA: BrowserContext;
  let contextB: BrowserContext;
  let a: Page;
  let b: Page;
  let url: string;
  let id: string;
  let revision = 0;
  const pageErrors: string[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `gate-signatures-${name}.png`), fullPage: true });

  const post = async (path: string, body: object) => {
    const res = await request(t.http).post(`/projects/${id}${path}`).set({ ...OFFICE, 'If-Match': `"${revision}"` }).send(body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    revision = res.body.revision;
    return res;
  };
  const go = () => post('/gate-decisions', { decision: 'go', signature: { meaning: 'approved to advance', password: OFFICE_PASSWORD } });

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    const proposal = glucoseDetectorProposal({ riskClass: 'II', targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }], template: { templateId: 'fda_510k' } });
    id = proposal.projectId;
    await request(t.http).post('/projects').set(OFFICE).send(proposal).expect(201);
    revision = Number((await request(t.http).get(`/projects/${id}`).set(OFFICE).expect(200)).body.revision);
    // To design_verification with every piece of evidence its gate asks for, as the e2e does.
    await post('/invention-disclosures', { title: 'Bilirubin', summary: 'S', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' });
    await go();
    await post('/patents', { title: 'Meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN1', filedOn: '2026-02-03' });
    await go();
    const built = await post('/prototypes', { version: 'v1', description: 'Handheld', builtOn: '2026-03-20' });
    const prototypeId = String(built.headers.location).split('/').pop();
    await go();
    await post('/verification-tests', { prototypeId, standard: 'IEC 60601-1', lab: 'SMDTC', result: 'passed', testedOn: '2026-04-02', reportReference: 'R-1' });
    await post('/design-reviews', { heldOn: '2026-04-10', outcome: 'passed', summary: 'Inputs traced' });
    await post('/equivalence-evaluations', { predicateDevice: 'BiliCheck', predicateManufacturer: 'Philips', predicateReference: 'K012345', equivalent: true, evaluatedOn: '2026-04-20' });
    await post('/submissions', { authority: 'FDA', pathway: '510k', reference: 'K26', filedOn: '2026-05-01' });

    browser = await launchChromium();
    // Two browsers in all but name: separate contexts keep separate sessions (sessionStorage, cookies).
    contextA = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    contextB = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    a = await contextA.newPage();
    b = await contextB.newPage();
    for (const page of [a, b]) {
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.setDefaultTimeout(15_000);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signGo(page: Page, opener: string, password: string) {
    await page.click(opener);
    await page.waitForSelector('#gate-decision-form');
    await page.fill('#gate-decision-form [name="password"]', password);
    await page.click('#gate-decision-form button[type=submit]');
  }

  it('before anyone signs, the office reads the next gate’s rule; it signs and the panel shows 1 of 2 and what is missing', async () => {
    await signInAs(a, url, TEST_USERS.office.username);
    await a.goto(`${url}/projects/${id}`);
    await a.waitForSelector('#next-gate-rule');
    expect(await a.textContent('#next-gate-rule-words')).toContain('2 signatures from innovation office or management');
    expect(await a.textContent('#next-gate-rule-words')).toContain('one from outside the project team');
    await signGo(a, '#open-gate-decision', OFFICE_PASSWORD);
    await a.waitForSelector('#signature-manifest');
    expect(await a.getAttribute('#signing-outcome', 'data-outcome')).toBe('signature_collected');
    expect(await a.textContent('#signature-manifest')).toContain('GateSignatureCollected');
    await a.screenshot({ path: join(ARTIFACTS, 'gate-signatures-collected-manifest.png') });
    await a.click('#signature-manifest button');
    const panel = a.locator('#pending-decision');
    await panel.waitFor();
    expect(await panel.getAttribute('data-signatures')).toBe('1');
    expect(await a.textContent('#pending-decision-count')).toBe('1 of 2 signatures');
    expect(await a.textContent('#pending-signatures')).toContain('Li Na');
    expect(await a.textContent('#pending-decision-missing')).toContain('1 more signature from innovation office or management');
    expect(await a.textContent('#pending-decision')).toContain('You have signed this go.');
    expect(await a.locator('#sign-pending-decision').count()).toBe(0);
    expect(await a.locator('#withdraw-signature').count()).toBe(1);
    await a.locator('.timeline [data-signing="pending"]').first().waitFor();
    await shot(a, 'office-one-of-two');
    await a.locator('#pending-decision').screenshot({ path: join(ARTIFACTS, 'gate-signatures-panel.png') });
  }, 60_000);

  it('the same person signing again is refused, in words', async () => {
    await signGo(a, '#open-gate-decision', OFFICE_PASSWORD);
    await a.waitForSelector('#gate-decision-error');
    expect(await a.textContent('#gate-decision-error')).toContain('You have already signed this decision');
    await a.locator('#gate-decision-error').scrollIntoViewIfNeeded();
    await a.screenshot({ path: join(ARTIFACTS, 'gate-signatures-already-signed.png') });
    await a.keyboard.press('Escape');
    await a.waitForSelector('#gate-decision-form', { state: 'detached' });
  }, 60_000);

  it('the office withdraws its signature with a reason, then signs again', async () => {
    await a.click('#withdraw-signature');
    await a.waitForSelector('#withdraw-signature-form');
    expect(await a.locator('#withdraw-signature-form button[type=submit]').isDisabled()).toBe(true);
    await a.fill('#withdraw-signature-form [name="reason"]', 'Signed before reading the risk file');
    await a.screenshot({ path: join(ARTIFACTS, 'gate-signatures-withdraw.png') });
    await a.click('#withdraw-signature-form button[type=submit]');
    await a.waitForSelector('#pending-decision', { state: 'detached' });
    await a.waitForSelector('#next-gate-rule');
    const revoked = a.locator('.timeline li', { hasText: 'Signature withdrawn' }).first();
    await revoked.waitFor();
    expect(await revoked.textContent()).toContain('Signed before reading the risk file');
    expect(await a.locator('.timeline [data-signing="revoked"]').count()).toBe(1);
    await signGo(a, '#open-gate-decision', OFFICE_PASSWORD);
    await a.waitForSelector('#signature-manifest');
    await a.click('#signature-manifest button');
    await a.waitForSelector('#pending-decision[data-signatures="1"]');
  }, 60_000);

  it('a change to the record voids the signature: the history names the change, and the office signs again', async () => {
    revision = Number((await request(t.http).get(`/projects/${id}`).set(OFFICE).expect(200)).body.revision);
    await post('/milestones', { title: 'Bench test', description: 'Second build', occurredOn: '2026-05-02' });
    await a.reload();
    await a.waitForSelector('#next-gate-rule');
    const invalidated = a.locator('.timeline li', { hasText: 'Signatures invalidated by a change to the record' }).first();
    await invalidated.waitFor();
    expect(await invalidated.textContent()).toContain('Milestone logged');
    expect(await invalidated.textContent()).toContain('Li Na');
    expect(await a.locator('.timeline [data-signing="invalidated"]').count()).toBe(1);
    await invalidated.screenshot({ path: join(ARTIFACTS, 'gate-signatures-invalidated.png') });
    await signGo(a, '#open-gate-decision', OFFICE_PASSWORD);
    await a.waitForSelector('#signature-manifest');
    await a.click('#signature-manifest button');
    await a.waitForSelector('#pending-decision[data-signatures="1"]');
  }, 60_000);

  it('a manager in another browser sees the office’s signature, signs as the independent reviewer, and the stage moves', async () => {
    await signInAs(b, url, TEST_USERS.manager.username);
    await b.goto(`${url}/projects/${id}`);
    await b.waitForSelector('#pending-decision');
    expect(await b.locator('#open-gate-decision').count()).toBe(0);
    const row = b.locator('#pending-signatures .pending-signature[data-signer="office-li"]');
    expect(await row.textContent()).toContain('Li Na');
    expect(await row.textContent()).toContain('approved to advance');
    expect(await b.locator('#pending-signatures [data-independent]').count()).toBe(1);
    await shot(b, 'manager-sees-pending');
    // The panel in Indonesian at a phone's width, then back to English to sign.
    await b.setViewportSize({ width: 375, height: 800 });
    await b.goto(`${url}/projects/${id}?lang=id`);
    await b.waitForSelector('#pending-decision');
    expect(await b.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await b.locator('#pending-decision').screenshot({ path: join(ARTIFACTS, 'gate-signatures-panel-id-phone.png') });
    await b.setViewportSize({ width: 1400, height: 1000 });
    await b.goto(`${url}/projects/${id}?lang=en`);
    await b.waitForSelector('#pending-decision');
    await b.click('#sign-pending-decision');
    await b.waitForSelector('#gate-decision-form');
    // The manager's dialog offers the go only, without a stage to choose or conditions to set.
    expect(await b.locator('#gate-decision-form [name="decision"] option').allTextContents()).toHaveLength(1);
    expect(await b.locator('#gate-decision-form [name="targetStage"]').count()).toBe(0);
    await b.fill('#gate-decision-form [name="password"]', passwordOf(TEST_USERS.manager.username));
    await b.screenshot({ path: join(ARTIFACTS, 'gate-signatures-manager-dialog.png') });
    await b.click('#gate-decision-form button[type=submit]');
    await b.waitForSelector('#signature-manifest');
    expect(await b.getAttribute('#signing-outcome', 'data-outcome')).toBe('stage_advanced');
    await b.screenshot({ path: join(ARTIFACTS, 'gate-signatures-manager-advanced.png') });
    await b.click('#signature-manifest button');
    await b.waitForSelector('#pending-decision', { state: 'detached' });
    const project = (await request(t.http).get(`/projects/${id}`).set(OFFICE).expect(200)).body;
    expect(project).toMatchObject({ stage: 'regulatory_review', template: { stage: 'premarket_review' } });
  }, 60_000);

  it('the office’s browser, refreshed, shows the new stage and both signatures counted in the history', async () => {
    await a.reload();
    await a.waitForSelector('#project-page');
    expect(await a.locator('#pending-decision').count()).toBe(0);
    expect(await a.textContent('#project-page')).toContain('Regulatory review');
    await a.locator('.timeline [data-counted="2"]').waitFor();
    expect(await a.textContent('.timeline [data-counted="2"]')).toMatch(/Li Na.*Wong Mei/);
    expect(await a.locator('.timeline [data-signing="counted"]').count()).toBe(1);
    expect(await a.locator('.timeline [data-signing="revoked"]').count()).toBe(1);
    expect(await a.locator('.timeline [data-signing="invalidated"]').count()).toBe(1);
    await shot(a, 'office-advanced-history');

    // The same in Chinese, at a phone's width: the panel and history without sideways scrolling.
    await a.setViewportSize({ width: 375, height: 800 });
    await a.goto(`${url}/projects/${id}?lang=zh-CN`);
    await a.waitForSelector('.timeline [data-counted="2"]');
    expect(await a.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await a.locator('.timeline').scrollIntoViewIfNeeded();
    await a.locator('.timeline > li').first().evaluate((li) => li.scrollIntoView({ block: 'start' }));
    await a.screenshot({ path: join(ARTIFACTS, 'gate-signatures-history-zh-CN-phone.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
