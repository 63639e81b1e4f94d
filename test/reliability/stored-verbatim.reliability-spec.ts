import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAsManager } from '../support/browser';
import { INJECTION_STRINGS } from './support/r3-hostile';


// SQL, markup, template syntax and invisible characters are text like any other: accepted, stored byte for byte,
// returned verbatim by the API and its history, and shown (never run) by the web app (dashboard and project page).
const [SQL, , SCRIPT, IMG, TEMPLATE, , BIDI, ZERO_WIDTH] = INJECTION_STRINGS;
const PAYLOADS = {
  title: `${SCRIPT} ${SQL}`,
  summary: INJECTION_STRINGS.join(' | '),
  deviceType: IMG,
  therapeuticArea: TEMPLATE,
  institution: `${BIDI} Hospital`,
  department: ZERO_WIDTH,
  leadName: `Dr. ${IMG}`,
  partnerName: `${SQL} Ltd ${SCRIPT}`,
  milestoneTitle: `${IMG} milestone ${TEMPLATE}`,
  milestoneDescription: `${SCRIPT}\n${SQL}\n${BIDI}${ZERO_WIDTH}`,
  holdReason: `${SCRIPT} ${TEMPLATE}`,
};

describe('hostile text is stored verbatim and rendered inert (reliability)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let projectId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    const proposal = glucoseDetectorProposal({
      title: PAYLOADS.title,
      summary: PAYLOADS.summary,
      deviceType: PAYLOADS.deviceType,
      therapeuticArea: PAYLOADS.therapeuticArea,
      institution: PAYLOADS.institution,
      department: PAYLOADS.department,
      leadClinician: { id: 'dr-chen', name: PAYLOADS.leadName },
      partners: [{ name: PAYLOADS.partnerName, kind: 'enterprise', role: 'co_developer' }],
    });
    projectId = proposal.projectId as string;
    await request(t.http).post('/projects').set(OFFICE).send(proposal).expect(201);
    const logged = await request(t.http).post(`/projects/${projectId}/milestones`).set(LEAD).send({ title: PAYLOADS.milestoneTitle, description: PAYLOADS.milestoneDescription, occurredOn: '2026-01-04' }).expect(200);
    const hold = await request(t.http)
      .post(`/projects/${projectId}/gate-decisions`)
      .set(OFFICE)
      .set('If-Match', logged.headers.etag)
      .send({ decision: 'hold', reason: PAYLOADS.holdReason, signature: { meaning: 'pause', printedName: TEST_USERS.office.name, password: OFFICE_PASSWORD } })
      .expect(200);
    // The dashboard reads the projections: wait until they hold the last event.
    await request(t.http).get('/pipeline/board').set(MANAGER).query({ position: hold.body.globalPosition }).expect(200);
    await request(t.http).get('/pipeline/activity').set(MANAGER).query({ position: hold.body.globalPosition }).expect(200);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1400 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      pageErrors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await signInAsManager(page, await t.app.getUrl());
  }, 90_000);

  // No element a payload could have made: an <img src=x>, an onerror handler, a script naming the flag.
  const injected = () =>
    page.evaluate(`({
      images: [...document.querySelectorAll('img')].filter((i) => i.getAttribute('src') === 'x').length,
      handlers: document.querySelectorAll('[onerror]').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent || '').includes('__pwned')).length,
    })`);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('returns every string exactly as sent, in the project, its history and the database', async () => {
    const project = (await request(t.http).get(`/projects/${projectId}`).set(MANAGER).expect(200)).body;
    expect(project.profile).toMatchObject({
      title: PAYLOADS.title,
      summary: PAYLOADS.summary,
      deviceType: PAYLOADS.deviceType,
      therapeuticArea: PAYLOADS.therapeuticArea,
      institution: PAYLOADS.institution,
      department: PAYLOADS.department,
      leadClinician: { id: 'dr-chen', name: PAYLOADS.leadName },
    });
    const history = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body.events;
    const byType = (type: string) => history.find((e: { type: string }) => e.type === type);
    expect(byType('ProjectProposed').data).toMatchObject({ title: PAYLOADS.title, partners: [{ name: PAYLOADS.partnerName }] });
    expect(byType('MilestoneLogged').data).toMatchObject({ title: PAYLOADS.milestoneTitle, description: PAYLOADS.milestoneDescription });
    expect(byType('ProjectPutOnHold').reason).toBe(PAYLOADS.holdReason);
    // The SQL never ran: the events table is there, and the stored JSON holds the same code points.
    const { rows } = await t.database.db.query<{ title: string }>("SELECT data->>'title' AS title FROM events WHERE type = 'ProjectProposed' AND data->>'projectId' = $1", [projectId]);
    expect(rows).toEqual([{ title: PAYLOADS.title }]);
    const board = (await request(t.http).get('/pipeline/board').set(MANAGER).expect(200)).body;
    const card = board.stages.flatMap((s: { projects: { projectId: string }[] }) => s.projects).find((p: { projectId: string }) => p.projectId === projectId);
    expect(card).toMatchObject({ title: PAYLOADS.title, institution: PAYLOADS.institution });
  });

  it('shows the payloads as text on the board, the feed and the drill-down, and runs none of them', async () => {
    const card = page.locator(`.project[data-project-id="${projectId}"]`);
    expect(await card.locator('.project-title').textContent()).toBe(PAYLOADS.title);
    expect(await card.locator('.project-meta').textContent()).toContain(PAYLOADS.institution);
    const feed = await page.locator('#feed').textContent();
    expect(feed).toContain(`Milestone: ${PAYLOADS.milestoneTitle}`);
    expect(feed).toContain(PAYLOADS.holdReason);
    // The institution filter lists the value as an option's text.
    expect(await page.locator('#f-institution option', { hasText: 'Hospital' }).first().textContent()).toBe(PAYLOADS.institution);

    await card.click();
    await page.waitForSelector('#drawerBody .timeline li');
    expect(await page.locator('#drawerTitle').textContent()).toBe(PAYLOADS.title);
    const facts = await page.locator('#drawerBody dl.facts').textContent();
    for (const value of [PAYLOADS.deviceType, PAYLOADS.institution, PAYLOADS.department, PAYLOADS.leadName, PAYLOADS.therapeuticArea]) expect(facts).toContain(value);
    expect(await page.locator('#drawerBody .timeline .reason').first().textContent()).toBe(`Reason: ${PAYLOADS.holdReason}`);
    // Only elements in the drawer body: no stray text such as a rendered "null".
    expect(await page.evaluate("[...document.getElementById('drawerBody').childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)")).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'stored-verbatim-drawer.png') });

    // Nothing ran and nothing was injected: no flag, no <script> or <img> from the payloads, no handler attributes.
    // (Evaluated in the page, as strings: the test's TypeScript has no DOM types.)
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await injected()).toEqual({ images: 0, handlers: 0, inlineScripts: 0 });
    await page.click('#drawerClose');
    await page.screenshot({ path: join(ARTIFACTS, 'stored-verbatim-board.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows them as text on the project page too: profile, partners, milestones, timeline', async () => {
    await page.goto(`${await t.app.getUrl()}/projects/${projectId}`);
    await page.waitForSelector('#project-page .timeline li');
    expect(await page.locator('#project-page h2').first().textContent()).toBe(PAYLOADS.title);
    expect(await page.locator('#partners').textContent()).toContain(PAYLOADS.partnerName);
    const milestones = await page.locator('#milestones').textContent();
    expect(milestones).toContain(PAYLOADS.milestoneTitle);
    expect(milestones).toContain(PAYLOADS.milestoneDescription);
    await page.screenshot({ path: join(ARTIFACTS, 'stored-verbatim-project.png'), fullPage: true });
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await injected()).toEqual({ images: 0, handlers: 0, inlineScripts: 0 });
    expect(pageErrors).toEqual([]);
  });
});
