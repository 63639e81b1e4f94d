import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { proposeProject } from '../e2e/support/fixtures';
import { MANAGER, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { launchChromium, signInAs, untilProjected } from '../support/browser';

// axe-core in Debian's Chromium on every screen of the web app: no serious or critical violation.
// axe runs through the DevTools protocol (page.evaluate), which the page's CSP does not govern.
const AXE = readFileSync(createRequire(`${process.cwd()}/package.json`).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  if ((await page.evaluate('typeof window.axe')) === 'undefined') await page.evaluate(AXE);
  const violations = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)')) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

describe('web app accessibility (axe-core in headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true', RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    for (let ready = false; !ready; await new Promise((resolve) => setTimeout(resolve, 100))) {
      ready = (await request(t.http).get('/health/ready')).status === 200;
    }
    await untilProjected(t, MANAGER);
    browser = await launchChromium();
    // Reduced motion: the app then skips its transitions, so axe sees each screen as it settles, not mid-fade.
    page = await browser.newPage({ viewport: { width: 1400, height: 1200 }, reducedMotion: 'reduce' });
    page.setDefaultTimeout(15_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sign-in', async () => {
    await page.goto(url);
    await page.waitForSelector('#loginForm');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('dashboard, its project drawer and a drill-down', async () => {
    await signInAs(page, url, TEST_USERS.office.username);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('.project').first().click();
    await page.waitForSelector('#drawerBody .timeline li');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('#drawerClose');
    await page.locator('.column .count').first().click();
    await page.waitForSelector('#drillTable');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('#drawerClose');
  });

  it('project page, gate decision dialog and a command form', async () => {
    const projectId = await page.locator('.project').first().getAttribute('data-project-id');
    await page.goto(`${url}/projects/${projectId}`);
    await page.waitForSelector('#project-page .timeline li');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('#open-gate-decision');
    await page.waitForSelector('#gate-decision-form');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.click('[data-action=record-menu]');
    await page.click('[data-route="/projects/{projectId}/milestones"]');
    await page.waitForSelector('#command-form');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('my work', async () => {
    await page.click('#nav-my-work');
    await page.waitForSelector('#my-work');
    await page.locator('#changed li').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('propose-project form', async () => {
    await page.click('#nav-propose');
    await page.waitForSelector('#propose-project-form');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('pathway templates: the library, a template, a project under one, the admin editor with a problem', async () => {
    await page.click('#nav-templates');
    await page.waitForSelector('#template-list');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${url}/templates/fda_pma`);
    await page.waitForSelector('#template-gates [data-gate]');
    expect(await seriousViolations(page)).toEqual([]);
    const projectId = await proposeProject(t.http, { riskClass: 'II', targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }], template: { templateId: 'fda_510k' } });
    await page.goto(`${url}/projects/${projectId}`);
    await page.waitForSelector('#project-template-path li');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('#logout');
    await signInAs(page, url, TEST_USERS.admin.username);
    await page.goto(`${url}/templates/fda_pma/revise`);
    const editor = page.locator('#template-json');
    await editor.fill((await editor.inputValue()).replace('"to": "approved"', '"to": "approvd"'));
    await page.fill('#template-reason', 'A mistake');
    await page.click('#template-submit');
    await page.waitForSelector('#template-problems');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
