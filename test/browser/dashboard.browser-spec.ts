import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { MANAGER, startTestApp, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAsManager } from '../support/browser';


// The dashboard on the demo pipeline, in Debian's headless Chromium: the numbers it shows must be the API's.
describe('management dashboard (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true', RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1700 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // The demo pipeline is seeded in the background after start-up; readiness says when it is recorded.
    for (let ready = false; !ready; await new Promise((resolve) => setTimeout(resolve, 100))) {
      ready = (await request(t.http).get('/health/ready')).status === 200;
    }
    // Wait until the projections have caught up with the seeded demo pipeline.
    const head = Number((await t.database.db.query<{ p: string }>('SELECT max(global_position) AS p FROM events')).rows[0].p);
    await request(t.http).get('/pipeline/board').set(MANAGER).query({ position: head }).expect(200);
    await signInAsManager(page, url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const text = (selector: string) => page.textContent(selector).then((s) => (s ?? '').trim());

  it('shows the board’s totals and per-stage counts as the API reports them', async () => {
    const board = (await request(t.http).get('/pipeline/board').set(MANAGER).expect(200)).body;
    expect(board.total).toBeGreaterThanOrEqual(10);
    expect(await text('#kpi-total')).toBe(String(board.total));
    for (const status of ['active', 'approved', 'on_hold', 'terminated']) {
      expect(await text(`#kpi-${status}`)).toBe(String(board.byStatus[status] ?? 0));
    }
    for (const column of board.stages) {
      expect(await text(`.column[data-stage="${column.stage}"] .count`)).toBe(String(column.count));
      expect(await page.locator(`.column[data-stage="${column.stage}"] .project`).count()).toBe(column.projects.length);
    }
  });

  it('shows the funnel and the stalled count as the API reports them', async () => {
    const funnel = (await request(t.http).get('/pipeline/funnel').set(MANAGER).expect(200)).body;
    for (const stage of funnel.stages) {
      expect(await text(`#funnelTable tr[data-stage="${stage.stage}"] td.reached`)).toBe(String(stage.reached));
    }
    const stalled = (await request(t.http).get('/pipeline/stalled').set(MANAGER).query({ days: 90 }).expect(200)).body;
    expect(await text('#kpi-stalled')).toBe(String(stalled.total));
    expect(await page.locator('#funnelChart').isVisible()).toBe(true);
  });

  it('drills into a project: its record and full history', async () => {
    const card = page.locator('.project').first();
    const projectId = await card.getAttribute('data-project-id');
    await card.click();
    await page.waitForSelector('#drawer:not([hidden]) .timeline li');
    const history = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body;
    expect(await page.locator('#drawer .timeline li').count()).toBe(history.events.length);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'project-drawer.png') });
    await page.click('#drawerClose');
  });

  it('keeps a full-page screenshot and raised no script error', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
