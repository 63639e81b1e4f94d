import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { MANAGER, OFFICE_PASSWORD, passwordOf, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// The page's document, inside evaluate (the test's own tsconfig has no DOM types).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };
declare const window: { scrollTo(x: number, y: number): void };

// Pathway templates (issue 15) in Debian's headless Chromium, clicked and typed as people would: the admin opens the
// library, revises a built-in template with one mistake, reads the problem beside the editor, fixes it and sees the
// new version; the office proposes a project under a built-in template and sees its stage path and next gate on the
// project page; the screens at a phone's width in Chinese and Indonesian. Screenshots: test/browser/artifacts/templates-*.png.
describe('pathway templates (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  let projectId: string;
  const pageErrors: string[] = [];
  // From the top: a full-page shot of a scrolled page draws the fixed top bar across its middle.
  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, `templates-${name}.png`), fullPage: true });
  };
  const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
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

  it('lists the library and shows a template as a path, each gate in words', async () => {
    await signInAs(page, url, TEST_USERS.admin.username);
    await page.click('#nav-templates');
    await page.waitForSelector('#template-list [data-template="fda_pma"]');
    const card = page.locator('#template-list [data-template="fda_pma"]');
    expect(await card.textContent()).toContain('version 1');
    expect(await card.locator('a[href^="http"]').count()).toBeGreaterThan(0);
    await shot('library');

    await card.locator('a[href="/templates/fda_pma"]').click();
    await page.waitForSelector('#template-path li');
    const path = await page.locator('#template-path li').evaluateAll((items) => items.map((li) => li.getAttribute('data-stage')));
    expect(path[0]).toBe('idea');
    expect(path[path.length - 1]).toBe('approved');
    // fda_pma's IDE gate: three signers, one of them outside the project team.
    const ide = page.locator('#template-gates [data-gate="design_verification->ide_study"]');
    expect(await ide.locator('[data-approval]').textContent()).toMatch(/^3 signatures from .+, one from outside the project team$/);
    expect(await ide.locator('[data-evidence-kind="any_of"]').textContent()).toContain('Option 1');
    await shot('page');
  });

  it('the admin revises a template with one mistake, reads the problem, fixes it and sees the new version', async () => {
    await page.click('#revise-template');
    await page.waitForSelector('#template-json');
    const editor = page.locator('#template-json');
    const original = await editor.inputValue();
    expect(JSON.parse(original)).toMatchObject({ templateId: 'fda_pma' });
    // The mistake: a piece of evidence of a kind the catalogue does not have.
    await editor.fill(original.replace('"kind": "design_review"', '"kind": "design_reveiw"'));
    await page.fill('#template-reason', 'The office adds a second reviewer to the design gate');
    await page.click('#template-submit');
    await page.waitForSelector('#template-problems');
    expect(await page.locator('#template-problems [data-problem]').evaluateAll((items) => items.map((li) => li.getAttribute('data-problem')))).toEqual(['unknown_evidence_kind']);
    expect(await page.locator('#template-problems').textContent()).toContain('design_reveiw');
    // "Show in the editor" selects the line the problem names.
    await page.click('#template-problems [data-show]');
    expect(await editor.evaluate((el: { value: string; selectionStart: number; selectionEnd: number }) => el.value.slice(el.selectionStart, el.selectionEnd))).toContain('"kind": "design_reveiw"');
    await shot('editor-problem');

    // Fixed, and with a real change: two signatures on the first gate.
    const fixed = JSON.parse(original);
    fixed.gates[0].approval = { signatures: 2, roles: ['innovation_office', 'management'], independentReviewer: true };
    await editor.fill(JSON.stringify(fixed, null, 2));
    await page.click('#template-submit');
    await page.waitForSelector('#template-saved');
    expect(await page.locator('#template-saved').textContent()).toContain('version 2');
    expect(await page.locator('#template-page').getAttribute('data-version')).toBe('2');
    expect(await page.locator(`#template-gates [data-gate="${fixed.gates[0].from}->${fixed.gates[0].to}"] [data-approval]`).textContent()).toBe(
      '2 signatures from innovation office or management, one from outside the project team',
    );
    await shot('revised');
    // Version 1 stays readable, as the projects bound to it follow it.
    await page.selectOption('#template-version-picker', '1');
    await page.waitForSelector('#template-page[data-version="1"]');
    expect((await request(t.http).get('/templates/fda_pma').set(MANAGER).expect(200)).body.version).toBe(2);
  });

  it('the office proposes a project under a built-in template and sees its path and next gate', async () => {
    await page.click('#logout');
    await signInAs(page, url, TEST_USERS.office.username);
    await page.click('#nav-propose');
    const form = '#propose-project-form';
    await page.waitForSelector(`${form} [name="template"] option[value="nmpa_class_iii_registration@1"]`, { state: 'attached' });
    await page.fill(`${form} [name="title"]`, 'Single-port laparoscopic surgical robot');
    await page.fill(`${form} [name="deviceType"]`, 'surgical robot');
    await page.selectOption(`${form} [name="riskClass"]`, 'III');
    await page.fill(`${form} [name="therapeuticArea"]`, 'general surgery');
    await page.fill(`${form} [name="institution"]`, 'Ruijin Hospital');
    await page.fill(`${form} [name="department"]`, 'General Surgery');
    await page.fill(`${form} [name="summary"]`, 'A robot working through one incision under 3 cm.');
    await page.fill(`${form} [name="leadClinician.id"]`, 'dr-chen');
    await page.fill(`${form} [name="leadClinician.name"]`, TEST_USERS.lead.name);
    await page.selectOption(`${form} [name="targets.0.authority"]`, 'NMPA');
    await page.selectOption(`${form} [name="targets.0.pathway"]`, 'registration');
    await page.fill(`${form} [name="targets.0.deviceClass"]`, 'III');
    await page.selectOption(`${form} [name="template"]`, 'nmpa_class_iii_registration@1');
    await shot('propose');
    await page.click('#propose-submit');

    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    await page.waitForSelector('#project-template-path li');
    const view = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    expect(view.template).toMatchObject({ templateId: 'nmpa_class_iii_registration', version: 1, stage: 'idea' });
    const stages = await page.locator('#project-template-path li').evaluateAll((items) => items.map((li) => li.getAttribute('data-stage')));
    expect(stages).toEqual(view.template.stages.map((s: { id: string }) => s.id));
    expect(await page.locator('#project-template-path li[aria-current="step"]').getAttribute('data-stage')).toBe('idea');
    expect(await page.locator('#project-template-link').textContent()).toContain('version 1');
    // The next gate's checklist, each item missing until recorded, and who signs.
    expect(await page.locator('#project-next-gate [data-met]').evaluateAll((items) => items.map((li) => li.getAttribute('data-met')))).toEqual(
      view.nextGateEvidence.map((e: { met: boolean }) => String(e.met)),
    );
    expect(await page.locator('#project-next-approval').textContent()).toMatch(/signature/);
    await shot('project');
    await page.locator('#project-template').screenshot({ path: join(ARTIFACTS, 'templates-project-pathway.png') });
  });

  it('the office reads that a newer version exists, sees what it changes and moves the project to it, signed', async () => {
    // The admin revises the project's template twice: version 2 renames the stage the project is at (a move to it
    // is refused), version 3 asks two signatures at the first gate.
    // A sign-in of its own: the admin's browser session (signed out above) ended the token the test app gave.
    const login = await request(t.http).post('/auth/login').send({ username: TEST_USERS.admin.username, password: passwordOf(TEST_USERS.admin.username) }).expect(200);
    const admin = { Authorization: `Bearer ${login.body.accessToken}` };
    const revise = async (change: (x: Record<string, unknown>) => Record<string, unknown>, expectedVersion: number) => {
      const { version: _version, ...template } = (await request(t.http).get('/templates/nmpa_class_iii_registration').set(admin).expect(200)).body;
      await request(t.http).post('/templates/nmpa_class_iii_registration/revisions').set(admin)
        .send({ template: change(template), expectedVersion, reason: 'Office rule' }).expect(201);
    };
    type Gate = { from: string; to: string; approval: Record<string, unknown> };
    await revise((x) => ({
      ...x,
      stages: (x.stages as { id: string }[]).map((s) => (s.id === 'idea' ? { ...s, id: 'concept' } : s)),
      gates: (x.gates as Gate[]).map((g) => (g.from === 'idea' ? { ...g, from: 'concept' } : g)),
    }), 1);
    await revise((x) => ({
      ...x,
      stages: (x.stages as { id: string }[]).map((s) => (s.id === 'concept' ? { ...s, id: 'idea' } : s)),
      gates: (x.gates as Gate[]).map((g, i) => ({ ...g, from: g.from === 'concept' ? 'idea' : g.from, ...(i === 0 ? { approval: { signatures: 2, roles: ['innovation_office', 'management'] } } : {}) })),
    }), 2);
    const firstGate = (await request(t.http).get('/templates/nmpa_class_iii_registration').set(admin).expect(200)).body.gates[0] as Gate;

    // On a phone, in Indonesian: the card and the dialog read whole, nothing sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${url}/projects/${projectId}?lang=id`);
    await page.click('#open-template-move');
    await page.waitForSelector('#template-move-changes [data-gate]');
    expect(await noSidewaysScroll()).toBe(true);
    expect(await page.locator('#template-move').textContent()).toContain('Tanda tangani dan pindah ke versi 3');
    await page.screenshot({ path: join(ARTIFACTS, 'templates-move-dialog-id-phone.png') });
    await page.setViewportSize({ width: 1400, height: 1000 });

    await page.goto(`${url}/projects/${projectId}?lang=en`);
    await page.waitForSelector('#project-template-newer[data-latest="3"]');
    expect(await page.locator('#project-template-newer').textContent()).toContain('Version 3');
    await page.click('#open-template-move');
    await page.waitForSelector('#template-move-changes [data-gate]');
    // Version 3 (the latest) is offered first: the gate it changes, in words, as it will be.
    expect(await page.locator('#template-move-form [name="version"]').inputValue()).toBe('3');
    // Only the gate version 3 changes (the others come back from the library in another key order, unchanged).
    expect(await page.locator('#template-move-changes [data-gate]').evaluateAll((gates) => gates.map((g) => g.getAttribute('data-gate')))).toEqual([`${firstGate.from}->${firstGate.to}`]);
    expect(await page.locator(`#template-move-changes [data-gate="${firstGate.from}->${firstGate.to}"] [data-approval]`).textContent()).toBe('2 signatures from innovation office or management');
    // Version 2 lacks the project's stage: the dialog says so before signing, and the API refuses it in words.
    await page.selectOption('#template-move-form [name="version"]', '2');
    await page.waitForSelector('#template-move-stage-warning');
    await page.fill('#template-move-form [name="reason"]', 'The office asks two signatures at the first gate');
    await page.fill('#template-move-form [name="password"]', OFFICE_PASSWORD);
    await page.click('#template-move-submit');
    await page.waitForSelector('#template-move-error');
    expect(await page.locator('#template-move-error').textContent()).toContain('has no stage where the project is now');
    await page.selectOption('#template-move-form [name="version"]', '3');
    await page.waitForSelector('#template-move-stage-warning', { state: 'detached' });
    // The refusal was of version 2: choosing another version clears it.
    expect(await page.locator('#template-move-error').count()).toBe(0);
    await shot('move-dialog');
    await page.click('#template-move-submit');
    await page.waitForSelector('#template-move-done');
    expect(await page.locator('#template-move-done').textContent()).toContain('TemplateVersionAdopted');
    await page.click('#template-move-done button');
    await page.waitForSelector('#project-template[data-version="3"]');
    expect(await page.locator('#project-template-newer').count()).toBe(0);
    expect(await page.locator('#project-next-approval').textContent()).toBe('2 signatures from innovation office or management');
    const view = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body;
    const adopted = view.events.find((e: { type: string }) => e.type === 'TemplateVersionAdopted');
    expect(adopted?.data).toMatchObject({ fromVersion: 1, toVersion: 3, reason: 'The office asks two signatures at the first gate' });
    await shot('moved');
  });

  it('reads well on a phone, in Chinese and in Indonesian', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const lang of ['zh-CN', 'id']) {
      await page.goto(`${url}/projects/${projectId}?lang=${lang}`);
      await page.waitForSelector('#project-template-path li');
      await page.locator('#project-template').scrollIntoViewIfNeeded();
      expect(await noSidewaysScroll()).toBe(true);
      await page.locator('#project-template').screenshot({ path: join(ARTIFACTS, `templates-project-${lang}-phone.png`) });
      await page.goto(`${url}/templates/fda_pma?lang=${lang}`);
      await page.waitForSelector('#template-gates [data-gate]');
      expect(await noSidewaysScroll()).toBe(true);
      await shot(`page-${lang}-phone`);
    }
    // The lead clinician on a phone: the same Pathway card on their own view of the project.
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    phone.on('pageerror', (e) => pageErrors.push(e.message));
    await signInAs(phone, url, TEST_USERS.lead.username);
    await phone.goto(`${url}/my-projects/${projectId}?lang=en`);
    await phone.waitForSelector('#project-template-path li[aria-current="step"]');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await phone.screenshot({ path: join(ARTIFACTS, 'templates-clinician-phone.png'), fullPage: true });
    await phone.close();
    await page.goto(`${url}/templates?lang=en`);
    await page.waitForSelector('#template-list');
    expect(await noSidewaysScroll()).toBe(true);
    await shot('library-phone');
    expect(pageErrors).toEqual([]);
  });
});
