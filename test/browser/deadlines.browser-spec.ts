import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ReminderScheduler } from '@app/pipeline';
import { glucoseDetectorProposal } from '../e2e/support/fixtures';
import { LEAD, OFFICE, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// The page's document, inside waitForFunction (the test's own tsconfig has no DOM types).
declare const document: { querySelector(selector: string): { textContent: string | null } | null; querySelectorAll(selector: string): { length: number } };

const DAY = 86_400_000;
const TODAY = Date.parse(new Date().toISOString().slice(0, 10));
// A due date about `n` days from today on a US working day (so the rule's "next working day" leaves it alone).
function dueAbout(n: number): { due: string; daysLeft: number } {
  let at = TODAY + n * DAY;
  const closed = (d: Date) => [0, 6].includes(d.getUTCDay()) || ['12-25', '01-01', '07-03', '07-04'].includes(d.toISOString().slice(5, 10));
  while (closed(new Date(at))) at += DAY;
  return { due: new Date(at).toISOString().slice(0, 10), daysLeft: Math.round((at - TODAY) / DAY) };
}
const yearBefore = (date: string) => `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
const SOON = dueAbout(17);
const OVERDUE = dueAbout(-20);
const LATER = dueAbout(60);

// Issue 16 in Debian's headless Chromium: the inbox (unread count in the top bar, mark one read, mark all read, the
// preferences with the calendar feed) and the upcoming-and-overdue view (filters in the URL, a project's next
// deadlines on its page). Screenshots in test/browser/artifacts/deadlines-*.png.
describe('deadlines and inbox (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  const projects: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    // Three projects led by dr-chen, each with a US provisional application whose priority year ends in about 17
    // days, ended about 20 days ago, and ends in about 60 days (filed a year before: the machine's clock decides).
    const filings = [
      { project: 'Non-invasive blood-glucose detector', title: 'Optical glucose meter', ...SOON },
      { project: 'Glucose meter housing', title: 'Snap-fit housing', ...OVERDUE },
      { project: 'Closed-loop insulin patch', title: 'Insulin patch electrode', ...LATER },
    ];
    for (const f of filings) {
      const res = await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal({ title: f.project })).expect(201);
      projects.push(res.body.projectId);
      await request(t.http)
        .post(`/projects/${res.body.projectId}/patents`)
        .set(OFFICE)
        .send({ title: f.title, jurisdiction: 'US', kind: 'provisional', applicationNumber: `US 63/${f.due.replace(/-/g, '')}`, filedOn: yearBefore(f.due) })
        .expect(200);
    }
    // Three doctors' ideas: three notifications in the office's inbox.
    for (const title of ['Smart inhaler counter', 'Wound-photo triage app', 'Neonatal jaundice patch']) {
      await request(t.http)
        .post('/ideas')
        .set(LEAD)
        .send({ title, clinicalNeed: 'A need', summary: 'How it works', deviceType: 'device', therapeuticArea: 'area', institution: 'RS Sardjito', department: 'Pediatrics' })
        .expect(201);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 90_000);

  afterEach(async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'deadlines-last-step.png'), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the unread count in the top bar; the inbox marks one read, then all', async () => {
    await signInAs(page, url, TEST_USERS.office.username);
    await page.waitForSelector('#unread-count');
    // The notifications projection may still be catching up with the third idea.
    await page.waitForFunction(() => document.querySelector('#unread-count')?.textContent === '3', undefined, { timeout: 20_000 });
    await page.click('#nav-inbox');
    await page.waitForSelector('#inbox .notification');
    expect(await page.locator('#inbox .notification[data-unread=true]').count()).toBe(3);
    expect(await page.locator('#inbox .notification').first().getAttribute('data-kind')).toBe('idea_awaiting_screening');
    expect(await page.textContent('#inbox-counts')).toBe('3 unread of 3');
    await page.screenshot({ path: join(ARTIFACTS, 'deadlines-inbox-unread.png'), fullPage: true });

    await page.locator('#inbox .notification[data-unread=true] .mark-read').first().click();
    // The top bar's count and the inbox list are two queries: each refetches on its own after the change.
    await page.waitForFunction(() => document.querySelector('#unread-count')?.textContent === '2');
    await page.waitForFunction(() => document.querySelectorAll('#inbox .notification[data-unread=true]').length === 2);
    expect(await page.textContent('#inbox-counts')).toBe('2 unread of 3');
    await page.click('#mark-all-read');
    await page.waitForSelector('#unread-count', { state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('#inbox .notification[data-unread=true]').length === 0);
    expect(await page.textContent('#inbox-counts')).toBe('0 unread of 3');
    expect(await page.isDisabled('#mark-all-read')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'deadlines-inbox-read.png'), fullPage: true });
  }, 60_000);

  it('chooses horizons and subscribes to the calendar feed (secret URL shown once, then revoked)', async () => {
    await page.click('#open-preferences');
    await page.waitForSelector('#notification-preferences');
    await page.locator('#pref-horizons input[value="30"]').uncheck();
    expect(await page.isChecked('#pref-overdue')).toBe(true);
    await page.check('#pref-email');
    await page.fill('#pref-email-address', 'li.na@hospital.example');
    await page.click('#save-preferences');
    await page.waitForSelector('#preferences-saved');
    const saved = (await request(t.http).get('/me/notification-preferences').set(OFFICE).expect(200)).body;
    expect(saved).toMatchObject({ deadlineHorizonDays: [7, 1], overdue: true, email: true, emailAddress: 'li.na@hospital.example' });

    await page.click('#calendar-subscribe');
    const feedUrl = await page.inputValue('#calendar-url');
    expect(feedUrl).toMatch(new RegExp(`^${url}/calendar/[A-Za-z0-9_-]{40,}\\.ics$`));
    await page.screenshot({ path: join(ARTIFACTS, 'deadlines-preferences.png'), fullPage: true });
    const feed = await fetch(feedUrl);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect((await feed.text()).match(/BEGIN:VEVENT/g)).toHaveLength(3);
    await page.click('#calendar-revoke');
    await page.waitForSelector('#calendar-revoked');
    expect(await page.locator('#calendar-url').count()).toBe(0);
    expect((await fetch(feedUrl)).status).toBe(404);
  }, 60_000);

  it('lists upcoming and overdue deadlines, filtered by project, kind and horizon, and a project shows its next ones', async () => {
    await page.click('#nav-deadlines');
    await page.waitForSelector('#upcoming-deadlines .deadline-table');
    const rows = () => page.locator('#upcoming-deadlines .deadline-table tbody tr');
    expect(await rows().count()).toBe(3);
    // Soonest first: the overdue one, then in 17 and 60 days.
    expect(await rows().evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-days-left'))))).toEqual([OVERDUE.daysLeft, SOON.daysLeft, LATER.daysLeft]);
    expect(await page.textContent('#deadline-overdue')).toBe('1 overdue');
    expect(await rows().first().locator('.due-badge').textContent()).toBe(`${-OVERDUE.daysLeft} days overdue`);
    await page.screenshot({ path: join(ARTIFACTS, 'deadlines-upcoming.png'), fullPage: true });

    // Horizon 30 days: the one in 60 days leaves; the URL keeps the filter.
    await page.click('#filter-horizon');
    await page.click('[role=option]:has-text("30 days")');
    await page.waitForFunction(() => document.querySelectorAll('#upcoming-deadlines .deadline-table tbody tr').length === 2);
    expect(page.url()).toContain('horizon=30');
    // One project only.
    await page.click('#filter-project');
    await page.click('[role=option]:has-text("Closed-loop insulin patch")');
    await page.waitForSelector('#no-deadlines');
    await page.click('#filter-horizon');
    await page.click('[role=option]:has-text("90 days")');
    await page.waitForFunction(() => document.querySelectorAll('#upcoming-deadlines .deadline-table tbody tr').length === 1);
    expect(page.url()).toContain(`project=${projects[2]}`);
    // A kind with no deadline.
    await page.click('#filter-kind');
    await page.click('[role=option]:has-text("Ethics approval renewal")');
    await page.waitForSelector('#no-deadlines');
    await page.screenshot({ path: join(ARTIFACTS, 'deadlines-upcoming-filtered.png'), fullPage: true });

    // The project page (through the view's link): its next deadlines.
    await page.click('#filter-kind');
    await page.click('[role=option]:has-text("Priority year")');
    await page.click('#filter-project');
    await page.click('[role=option]:has-text("Non-invasive blood-glucose detector")');
    await page.click('#upcoming-deadlines .deadline-table a:has-text("Non-invasive blood-glucose detector")');
    await page.waitForURL(`${url}/projects/${projects[0]}`);
    await page.waitForSelector('#project-deadlines .deadline-table');
    expect(await page.locator('#project-deadlines tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-days-left'))))).toEqual([SOON.daysLeft]);
    expect(await page.locator('#project-deadlines tbody tr .due-badge').textContent()).toBe(`In ${SOON.daysLeft} days`);
    await page.locator('#project-deadlines').screenshot({ path: join(ARTIFACTS, 'deadlines-project.png') });
  }, 60_000);

  it('lets an admin register a webhook (secret shown once), read its delivery log and remove it', async () => {
    const receiver = `http://127.0.0.1:9/hook`;
    const admin = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    admin.setDefaultTimeout(10_000);
    try {
      await signInAs(admin, url, TEST_USERS.admin.username);
      await admin.click('#nav-webhooks');
      await admin.waitForSelector('#no-webhooks');
      await admin.fill('#webhook-url', 'ftp://example.org/hook');
      await admin.click('#register-webhook');
      await admin.waitForSelector('#webhook-url[aria-invalid=true]');
      await admin.fill('#webhook-url', receiver);
      await admin.click('#register-webhook');
      await admin.waitForSelector('#webhook-secret');
      expect(await admin.textContent('#webhook-secret code')).toMatch(/^whsec_/);
      await admin.waitForSelector('#webhook-list tr[data-webhook]');
      // A gate decision after the registration: one delivery, failing (nothing listens on port 9), in the log.
      await request(t.http)
        .post(`/projects/${projects[1]}/gate-decisions`)
        .set(OFFICE)
        .set('If-Match', '"1"')
        .send({ decision: 'hold', reason: 'Waiting for the partner', signature: { meaning: 'approved to advance', printedName: 'Li Na', password: `${TEST_USERS.office.username}-password` } })
        .expect(200);
      await admin.click('#webhook-list .open-deliveries');
      await admin.waitForSelector('#webhook-deliveries tr[data-delivery]', { timeout: 20_000 });
      await admin.screenshot({ path: join(ARTIFACTS, 'deadlines-webhooks.png'), fullPage: true });
      await admin.keyboard.press('Escape');
      await admin.click('#webhook-list .remove-webhook');
      await admin.click('#confirm-remove');
      await admin.waitForSelector('#no-webhooks');
    } finally {
      await admin.close();
    }
  }, 60_000);

  it('brings deadline reminders into the lead clinician’s inbox and shows their deadlines in My work', async () => {
    // The scheduler's pass (it runs each minute in the API): dr-chen's accounts are reminded at 30 days (about 17
    // left) and overdue; 60 days out is beyond every horizon.
    expect(await new ReminderScheduler(t.database.db).runOnce()).toBeGreaterThanOrEqual(2);
    const lead = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    lead.setDefaultTimeout(10_000);
    try {
      await signInAs(lead, url, TEST_USERS.leadAsOffice.username);
      await lead.click('#nav-inbox');
      await lead.waitForSelector('#inbox .notification[data-kind=deadline_reminder]');
      expect(await lead.locator('#inbox .notification[data-kind=deadline_reminder]').count()).toBe(2);
      await lead.screenshot({ path: join(ARTIFACTS, 'deadlines-reminders.png'), fullPage: true });
      await lead.click('#nav-my-work');
      await lead.waitForSelector('#my-deadlines .deadline-table');
      expect(await lead.locator('#my-deadlines tbody tr').count()).toBe(2);
    } finally {
      await lead.close();
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
