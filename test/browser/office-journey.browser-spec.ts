import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { proposeProject } from '../e2e/support/fixtures';
import { MANAGER, OFFICE_PASSWORD, passwordOf, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// A class III project's whole journey in Debian's headless Chromium, only by clicking and typing: the office
// proposes it with dr-chen as lead clinician, records every kind of evidence through the project page's forms
// and signs each "go" (password re-entered, manifest shown) from idea to approved; a second office user in a
// second browser changes the project while a form is open (412: what changed is shown, the change is redone);
// management's board in a third browser follows without a reload; another project is killed with a reason.
// The API is called only to set up the other actors and projects, and to read the numbers back.
describe('office journey: idea to approved (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let office: BrowserContext;
  let page: Page;
  let url: string;
  let projectId: string;
  const pageErrors: string[] = [];
  // The README's screenshots are refreshed with README_SCREENSHOTS=1 (into docs/screenshots, committed); otherwise
  // they go with the other artifacts, so a test run leaves the checkout as it was.
  const SCREENSHOTS = process.env.README_SCREENSHOTS ? join(process.cwd(), 'docs/screenshots') : join(ARTIFACTS, 'readme');
  const STAGE_NAMES: Record<string, string> = { patent: 'Patent', prototype: 'Prototype', clinical_validation: 'Clinical validation', regulatory_review: 'Regulatory review' };
  // The README's screenshots: the top of the screen, small enough to keep in the repository.
  const README_CLIP = { x: 0, y: 0, width: 1400, height: 1100 };
  const colleague = { username: 'office-zhang', name: 'Zhang Min', role: 'innovation_office' as const };

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    await t.createUser(colleague);
    // Some company on the board, so the screens show a pipeline rather than one card.
    await proposeProject(t.http, { title: 'Single-port laparoscopic robot', deviceType: 'surgical robot', institution: 'Ruijin Hospital', department: 'General Surgery' });
    await proposeProject(t.http, { title: 'AI spine-imaging assistant', riskClass: 'II', deviceType: 'imaging software', therapeuticArea: 'orthopaedics' });
    browser = await launchChromium();
    office = await browser.newContext({ viewport: { width: 1400, height: 1300 } });
    page = await office.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await signInAs(page, url, TEST_USERS.office.username);
  }, 90_000);

  afterEach(async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'journey-last-step.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = (name: string, fullPage = false) => page.screenshot({ path: join(ARTIFACTS, `journey-${name}.png`), fullPage });
  const readBack = async (id = projectId) => (await request(t.http).get(`/projects/${id}`).set(MANAGER).expect(200)).body;
  type Value = string | boolean | { label: string };

  /** Types into the open command form, field by field, as its labels ask. */
  async function fill(on: Page, values: Record<string, Value>) {
    for (const [name, value] of Object.entries(values)) {
      const field = on.locator(`#command-form [name="${name}"]`);
      if (typeof value === 'boolean') await field.setChecked(value);
      else if (typeof value === 'object') await field.selectOption(value);
      else if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
  }

  /** Opens a form (from the checklist, the Record… menu or the record's own buttons), fills it, records it, closes it. */
  async function record(open: () => Promise<void>, route: string, values: Record<string, Value>, screenshot?: string) {
    await open();
    await page.waitForSelector(`#command-form[data-route="/projects/{projectId}/${route}"]`);
    await fill(page, values);
    if (screenshot) await shot(screenshot);
    await page.click('#command-submit');
    // A refusal stays on screen: keep it, and say what it said.
    await page.waitForSelector('#command-done, #command-error');
    if (await page.locator('#command-error').count()) {
      await shot('refused');
      throw new Error(`${route} refused: ${await page.locator('#command-error').textContent()}`);
    }
    await page.click('#command-done button');
    await page.waitForSelector('#command-done', { state: 'detached' });
  }
  const fromChecklist = (code: string) => () => page.click(`#missing-evidence [data-evidence="${code}"]`);
  const fromMenu = (route: string) => async () => {
    await page.click('[data-action=record-menu]');
    await page.click(`[role=menuitem][data-route="/projects/{projectId}/${route}"]`);
  };
  const onRecord = (registry: string, route: string) => () => page.click(`[data-record="${registry}"] button[data-route="/projects/{projectId}/${route}"]`);

  /** Signs a "go" in the gate decision dialog: printed name from the account, password re-entered, manifest read. */
  async function signGo(to: string, screenshots?: { form: string; manifest: string }) {
    await page.locator('#missing-evidence', { hasText: 'Ready for a go' }).waitFor();
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
    expect(await page.locator('#gate-decision-form [name="printedName"]').inputValue()).toBe(TEST_USERS.office.name);
    expect(await page.locator('#gate-decision-form').textContent()).toContain('Every piece of evidence this gate asks for is on record.');
    await page.fill('#gate-decision-form [name="password"]', OFFICE_PASSWORD);
    if (screenshots) await shot(screenshots.form);
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#signature-manifest');
    const manifest = await page.locator('#signature-manifest').textContent();
    expect(manifest).toContain(TEST_USERS.office.name);
    expect(manifest).toContain('approved to advance');
    if (screenshots) await shot(screenshots.manifest);
    await page.click('#signature-manifest button');
    await page.waitForSelector('#signature-manifest', { state: 'detached' });
    const project = await readBack();
    expect(project.stage).toBe(to);
    // The history shows the go as a person reads it: the stages by name, the signature with its meaning.
    const go = page.locator('#project-page .timeline li', { hasText: 'Stage advanced' }).filter({ hasText: new RegExp(`to stage${STAGE_NAMES[to]}`, 'i') });
    await go.locator('.signature', { hasText: 'approved to advance' }).waitFor();
    expect(await go.textContent()).not.toContain('reason—');
    return project;
  }

  it('proposes a class III project with dr-chen as lead clinician', async () => {
    await page.click('#nav-propose');
    const form = '#propose-project-form';
    await page.waitForSelector(form);
    await page.fill(`${form} [name="title"]`, 'Implantable closed-loop neurostimulator');
    await page.fill(`${form} [name="deviceType"]`, 'active implantable neurostimulator');
    await page.selectOption(`${form} [name="riskClass"]`, 'III');
    await page.fill(`${form} [name="therapeuticArea"]`, 'neurology');
    await page.fill(`${form} [name="institution"]`, 'Huashan Hospital');
    await page.fill(`${form} [name="department"]`, 'Neurosurgery');
    await page.fill(`${form} [name="summary"]`, 'Senses seizure onset and stimulates within milliseconds.');
    await page.fill(`${form} [name="leadClinician.id"]`, 'dr-chen');
    await page.fill(`${form} [name="leadClinician.name"]`, TEST_USERS.lead.name);
    await page.selectOption(`${form} [name="targets.0.authority"]`, 'NMPA');
    await page.selectOption(`${form} [name="targets.0.pathway"]`, 'innovative_special_review');
    await page.fill(`${form} [name="targets.0.deviceClass"]`, 'III');
    await page.click(`${form} button:has-text("Add a partner")`);
    await page.fill(`${form} [name="partners.0.name"]`, 'NeuroPace Shanghai Co.');
    await page.selectOption(`${form} [name="partners.0.role"]`, 'manufacturer');
    await page.screenshot({ path: join(SCREENSHOTS, 'propose-form.png'), clip: README_CLIP });
    await shot('propose', true);
    await page.click('#propose-submit');
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    await page.waitForSelector('#project-page .timeline li');
    const project = await readBack();
    expect(project).toMatchObject({ stage: 'idea', status: 'active' });
    expect(project.profile).toMatchObject({ riskClass: 'III', leadClinician: { id: 'dr-chen', name: TEST_USERS.lead.name } });
  });

  it('idea → patent: meets the 409 naming the missing disclosure, records it from the checklist and signs the go', async () => {
    // A go before the evidence is on record: the dialog lists what is missing, the API refuses with 409 and names it.
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-evidence [data-evidence="invention_disclosure"][data-met="false"]');
    await page.fill('#gate-decision-form [name="password"]', OFFICE_PASSWORD);
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#gate-decision-error');
    const missing = (await readBack()).missingEvidence;
    expect(missing.map((m: { code: string }) => m.code)).toEqual(['invention_disclosure']);
    expect(await page.locator('#gate-decision-error').textContent()).toContain(missing[0].message);
    await shot('gate-409');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#gate-decision-form', { state: 'detached' });
    expect((await readBack()).stage).toBe('idea');

    await record(fromChecklist('invention_disclosure'), 'invention-disclosures', {
      title: 'Seizure-onset detection on the implant',
      summary: 'A low-power detector on the implant triggers stimulation.',
      inventors: 'Dr. Chen Wei\nLi Na',
      disclosedOn: '2026-01-12',
    });
    await signGo('patent', { form: 'gate-go', manifest: 'gate-manifest' });
  });

  it('patent → prototype: files a CN invention patent, records its publication (the green channel needs it) and signs the go', async () => {
    await record(fromChecklist('patent_application_filed'), 'patents', {
      title: 'Closed-loop neurostimulation with on-implant seizure detection',
      jurisdiction: 'CN',
      kind: 'invention',
      applicationNumber: 'CN202610012345.6',
      filedOn: '2026-02-03',
    }, 'patent-form');
    await record(onRecord('patents', 'patents/{patentId}/publication'), 'patents/{patentId}/publication', { publicationNumber: 'CN118012345A', publishedOn: '2026-02-20' });
    const project = await signGo('prototype');
    expect(project.records.patents).toMatchObject([{ jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610012345.6', publicationNumber: 'CN118012345A' }]);
  });

  it('prototype → clinical validation: prototype, ISO 10993 and IEC 60601 passed, design review, ethics approval; signs the go', async () => {
    // The checklist before the gate, each missing item a button to the form that records it.
    await page.locator('#missing-evidence [data-evidence="ethics_approval"]').waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'project-page-checklist.png'), clip: README_CLIP });
    await record(fromChecklist('prototype_built'), 'prototypes', { version: 'v1.0', description: 'Titanium can, 8 electrodes', builtOn: '2026-03-02' });
    // The test names its prototype by picking it from the project's prototypes, not by typing an id.
    await record(fromChecklist('verification_passed'), 'verification-tests', {
      prototypeId: { label: 'v1.0 — Titanium can, 8 electrodes' },
      standard: 'ISO 10993',
      lab: 'SGS Shanghai',
      result: 'passed',
      testedOn: '2026-03-20',
      reportReference: 'SGS-10993-0042',
    }, 'verification-form');
    await record(fromMenu('verification-tests'), 'verification-tests', {
      prototypeId: { label: 'v1.0 — Titanium can, 8 electrodes' },
      standard: 'IEC 60601',
      lab: 'TÜV SÜD',
      result: 'passed',
      testedOn: '2026-03-28',
      reportReference: 'TUV-60601-118',
    });
    await record(fromChecklist('design_review_held'), 'design-reviews', { heldOn: '2026-04-02', outcome: 'passed', summary: 'Design inputs met; risk file complete.' });
    await record(fromChecklist('ethics_approval'), 'ethics-approvals', { committee: 'Huashan Hospital Ethics Committee', reference: 'HS-EC-2026-117', approvedOn: '2026-04-10' });
    await shot('prototype-evidence', true);
    const project = await signGo('clinical_validation');
    expect(project.records.verificationTests.map((v: { standard: string; result: string }) => `${v.standard} ${v.result}`)).toEqual(['ISO 10993 passed', 'IEC 60601 passed']);
    expect(project.records.verificationTests[0].prototypeId).toBe(project.records.prototypes[0].prototypeId);
  });

  it('clinical validation: registers the trial, first patient in, enrolment', async () => {
    await page.click('#missing-evidence [data-evidence="trial_completed_endpoint_met"]');
    await page.waitForSelector('#command-form[data-route="/projects/{projectId}/trials"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#command-form', { state: 'detached' });
    await record(fromChecklist('trial_completed_endpoint_met'), 'trials', {
      title: 'Closed-loop stimulation in refractory epilepsy',
      registry: 'ChiCTR',
      registryId: 'ChiCTR2600081234',
      targetEnrolment: '60',
      registeredOn: '2026-05-04',
    });
    await record(onRecord('trials', 'trials/{trialId}/first-patient-in'), 'trials/{trialId}/first-patient-in', { occurredOn: '2026-05-20' });
    const trial = (await readBack()).records.trials[0];
    expect(trial).toMatchObject({ registry: 'ChiCTR', registryId: 'ChiCTR2600081234', targetEnrolment: 60 });
  });

  it('resolves a 412 made by a colleague in a second browser: sees what changed and redoes the change', async () => {
    const other = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
    try {
      const colleaguePage = await other.newPage();
      colleaguePage.setDefaultTimeout(10_000);
      await signInAs(colleaguePage, url, colleague.username);
      await colleaguePage.goto(new URL(`/projects/${projectId}`, url).href);
      await colleaguePage.waitForSelector('#project-page .timeline li');

      // The first office user opens the enrolment form and types…
      await page.click('[data-record="trials"] button[data-route="/projects/{projectId}/trials/{trialId}/enrolment"]');
      await page.waitForSelector('#command-form[data-route="/projects/{projectId}/trials/{trialId}/enrolment"]');
      await fill(page, { enrolled: '24', asOf: '2026-06-30' });

      // …while the colleague records a milestone on the same project, in their own browser.
      await colleaguePage.click('[data-action=record-menu]');
      await colleaguePage.click('[role=menuitem][data-route="/projects/{projectId}/milestones"]');
      await colleaguePage.waitForSelector('#command-form[data-route="/projects/{projectId}/milestones"]');
      await fill(colleaguePage, { title: 'Investigator meeting', description: 'All six sites trained.', occurredOn: '2026-06-15' });
      await colleaguePage.click('#command-submit');
      await colleaguePage.waitForSelector('#command-done');

      await page.click('#command-submit');
      await page.locator('#changed-since', { hasText: colleague.name }).waitFor();
      // What changed: the colleague's milestone, with what it says.
      expect(await page.locator('#changed-since').textContent()).toMatch(/milestone logged by Zhang Min.*title: Investigator meeting/i);
      await shot('412');
      expect(await page.locator('#command-form [name="enrolled"]').inputValue()).toBe('24');
      await page.click('#changed-since button');
      await page.click('#command-submit');
      await page.waitForSelector('#command-done');
      await page.click('#command-done button');
      const project = await readBack();
      expect(project.records.trials[0]).toMatchObject({ enrolled: 24 });
      expect(project.records.milestones.map((m: { title: string }) => m.title)).toEqual(['Investigator meeting']);
    } finally {
      await other.close();
    }
  });

  it('corrects the colleague’s milestone date with a reason, from the milestone, and sees old and new value in the history', async () => {
    const milestone = page.locator('[data-record="milestones"]', { hasText: 'Investigator meeting' });
    await milestone.locator('button:has-text("Correct…")').click();
    await page.click('[role=menuitem]:has-text("occurred on")');
    await page.waitForSelector('#command-form[data-route="/projects/{projectId}/corrections"]');
    expect(await page.locator('#command-form [name="oldValue"]').inputValue()).toBe('2026-06-15');
    await page.fill('#command-form [name="newValue"]', '2026-06-16');
    await page.fill('#command-form [name="reason"]', 'The meeting ran on the day after, per the minutes');
    await page.click('#command-submit');
    await page.waitForSelector('#command-done');
    await page.click('#command-done button');
    const correction = page.locator('#project-page .timeline li', { hasText: 'The meeting ran on the day after, per the minutes' });
    await correction.waitFor();
    expect(await correction.locator('.correction').textContent()).toBe('Occurred on: Jun 15, 2026 → Jun 16, 2026');
    await shot('correction', true);
    expect((await readBack()).corrections).toMatchObject([{ field: 'occurredOn', oldValue: '2026-06-15', newValue: '2026-06-16', reason: 'The meeting ran on the day after, per the minutes' }]);
  });

  it('clinical validation → regulatory review: completes the trial with its endpoint met; management’s board follows without a reload', async () => {
    await record(fromChecklist('trial_completed_endpoint_met'), 'trials/{trialId}/completion', {
      completedOn: '2026-09-30',
      primaryEndpointMet: true,
      resultSummary: 'Seizure frequency down 58% against 30% target.',
    });

    const watching = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
    try {
      const board = await watching.newPage();
      board.setDefaultTimeout(10_000);
      let navigations = 0;
      await signInAs(board, url, TEST_USERS.manager.username);
      board.on('framenavigated', (frame) => { if (frame === board.mainFrame()) navigations++; });
      const card = (stage: string) => board.locator(`.column[data-stage="${stage}"] .project[data-project-id="${projectId}"]`);
      await card('clinical_validation').waitFor();

      await signGo('regulatory_review');
      await card('regulatory_review').waitFor({ timeout: 5_000 });
      expect(await card('clinical_validation').count()).toBe(0);
      expect(navigations).toBe(0);
      await board.screenshot({ path: join(ARTIFACTS, 'journey-board-live.png'), fullPage: true });
    } finally {
      await watching.close();
    }
  });

  it('regulatory review → approved: NMPA submission, a deficiency received and answered, approval with certificate and class', async () => {
    await record(fromChecklist('submission_filed'), 'submissions', {
      authority: 'NMPA',
      pathway: 'innovative_special_review',
      reference: 'CQZ2600123',
      filedOn: '2026-10-15',
    });
    await record(onRecord('submissions', 'submissions/{submissionId}/deficiencies'), 'submissions/{submissionId}/deficiencies', {
      receivedOn: '2026-11-20',
      summary: 'Provide the long-term battery-life data.',
    });
    await record(onRecord('submissions', 'submissions/{submissionId}/deficiency-answers'), 'submissions/{submissionId}/deficiency-answers', {
      answeredOn: '2026-12-01',
      summary: 'Battery-life test report BT-2026-09 attached.',
    });
    await record(fromChecklist('approval_granted'), 'submissions/{submissionId}/approval', {
      certificateNumber: '国械注准20263120001',
      approvedOn: '2026-12-02',
      deviceClass: 'III',
    }, 'approval-form');

    // The last go, with its dialog and manifest kept for the README.
    await page.locator('#missing-evidence', { hasText: 'Ready for a go' }).waitFor();
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
    await page.fill('#gate-decision-form [name="password"]', OFFICE_PASSWORD);
    await page.screenshot({ path: join(SCREENSHOTS, 'gate-decision-dialog.png'), clip: README_CLIP });
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#signature-manifest');
    expect(await page.locator('#signature-manifest').textContent()).toContain(TEST_USERS.office.name);
    await page.screenshot({ path: join(SCREENSHOTS, 'signature-manifest.png'), clip: README_CLIP });
    await shot('approved-manifest');
    await page.click('#signature-manifest button');
    await page.waitForSelector('#signature-manifest', { state: 'detached' });

    const project = await readBack();
    expect(project).toMatchObject({ stage: 'approved', status: 'approved' });
    expect(project.records.submissions[0]).toMatchObject({ authority: 'NMPA', reference: 'CQZ2600123' });
    expect(project.records.approvals[0]).toMatchObject({ certificateNumber: '国械注准20263120001', deviceClass: 'III' });
    // Every go is in the history, signed by the office user's account.
    const history = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body.events;
    const signed = history.filter((e: { data: { signature?: unknown } }) => e.data.signature);
    expect(signed.map((e: { data: { signature: { printedName: string } } }) => e.data.signature.printedName)).toEqual(Array(5).fill(TEST_USERS.office.name));
    await page.locator('#project-page .mantine-Badge-root', { hasText: /approved/i }).first().waitFor();
    expect(await page.locator('#open-gate-decision').count()).toBe(0);
    await shot('approved', true);
  });

  it('kills another project with a reason', async () => {
    const doomed = await proposeProject(t.http, { title: 'Wearable sweat-lactate sensor', riskClass: 'II' });
    // From the board: the card opens the project's drawer, and its page is one link away.
    await page.click('#project-page a:has-text("Dashboard")');
    await page.locator(`.project[data-project-id="${doomed}"]`).click();
    await page.click('#open-project-page');
    await page.waitForURL(new RegExp(`/projects/${doomed}$`));
    await page.waitForSelector('#project-page .timeline li');
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
    await page.selectOption('#gate-decision-form [name="decision"]', 'kill');
    await page.fill('#gate-decision-form [name="reason"]', 'Partner withdrew; the market study showed no reimbursement path');
    await page.fill('#gate-decision-form [name="password"]', passwordOf(TEST_USERS.office.username));
    await shot('kill');
    await page.click('#gate-decision-form button[type=submit]');
    await page.waitForSelector('#signature-manifest');
    expect(await page.locator('#signature-manifest').textContent()).toContain('terminated');
    await page.click('#signature-manifest button');
    const project = await readBack(doomed);
    expect(project.status).toBe('terminated');
    const history = (await request(t.http).get(`/projects/${doomed}/history`).set(MANAGER).expect(200)).body.events;
    expect(history.at(-1)).toMatchObject({ reason: 'Partner withdrew; the market study showed no reimbursement path', data: { signature: { printedName: TEST_USERS.office.name } } });
    await page.locator('#project-page', { hasText: 'No gate ahead' }).waitFor();
    await shot('killed', true);
    // The board after the journey: one approved, one killed, the rest where they stand.
    await page.click('#project-page a:has-text("Dashboard")');
    await page.locator('.column[data-stage="approved"] .project', { hasText: 'Implantable closed-loop neurostimulator' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), clip: README_CLIP });
    expect(pageErrors).toEqual([]);
  });
});
