import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { proposeProject } from '../e2e/support/fixtures';
import { LEAD, OFFICE, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

// The web app's languages in Debian's headless Chromium.
// 1. Every text comes from the catalogue: the app runs in the test-only pseudo-locale en-XA (`?lang=en-XA`, every
//    catalogue value and every Intl-formatted value wrapped in ⟦…⟧). Each screen each role can reach is opened, and
//    every visible text node, placeholder, aria-label, title and <option> with a letter outside ⟦…⟧ and outside a
//    translate="no" element (what users typed) is a failure, named with its screen.
// 2. Screenshots of the main screens in zh-CN and id at 375 px and 1280 px (long Chinese and Indonesian words must
//    wrap without breaking the layout; the page never scrolls sideways).

// The page's globals, for the functions that run in the browser (this project compiles without the DOM library).
declare const document: any;
declare const window: any;
declare const NodeFilter: any;
type Element = any;
type HTMLElement = any;

type Role = 'office' | 'lead' | 'manager' | 'admin';
interface Screen {
  role: Role;
  name: string;
  path: string;
  /** Waits for the screen's content, then may open a dialog or menu to check it too. */
  ready?: (page: Page) => Promise<void>;
}

/** Runs in the page: every piece of visible UI text with a letter outside the pseudo-locale's markers. */
function untranslatedTexts(): string[] {
  const OPEN = '⟦';
  const CLOSE = '⟧';
  const LETTER = /\p{L}/u;
  const out: string[] = [];
  const userTyped = (el: Element | null) => Boolean(el?.closest('[translate="no"]'));
  const visible = (el: Element | null) => Boolean(el && (el as HTMLElement).checkVisibility?.({ checkOpacity: false, checkVisibilityCSS: true }));
  /** Letters outside markers in one string (markers may nest: a formatted date inside a sentence). */
  const outside = (text: string, depth0: number): { rest: string; depth: number } => {
    let depth = depth0;
    let rest = '';
    for (const ch of text) {
      if (ch === OPEN) depth++;
      else if (ch === CLOSE) depth = Math.max(0, depth - 1);
      else if (depth === 0) rest += ch;
    }
    return { rest, depth };
  };
  // Text nodes in document order; a sentence's markers may span nodes (an element inside a translated sentence).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node: any) => (node.parentElement?.closest('script,style,noscript,template') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let depth = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const parent = node.parentElement;
    if (userTyped(parent)) continue;
    const r = outside(text, depth);
    depth = r.depth;
    if (parent?.tagName === 'OPTION') {
      const select = parent.closest('select');
      if (LETTER.test(r.rest) && visible(select)) out.push(`option: ${text.trim()}`);
      continue;
    }
    if (LETTER.test(r.rest) && visible(parent)) out.push(`text: ${text.trim()} (in <${parent?.tagName.toLowerCase()} ${parent?.id ? `#${parent.id}` : parent?.className ?? ''}>)`);
  }
  for (const el of Array.from<Element>(document.body.querySelectorAll('[placeholder],[aria-label],[title],[alt]'))) {
    if (userTyped(el) || !visible(el)) continue;
    for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
      const value = el.getAttribute(attr);
      if (value && LETTER.test(outside(value, 0).rest)) out.push(`${attr}: ${value} (on <${el.tagName.toLowerCase()}${el.id ? ` #${el.id}` : ''}>)`);
    }
  }
  if (LETTER.test(outside(document.title, 0).rest)) out.push(`document.title: ${document.title}`);
  return out;
}

describe('the web app in three languages (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let url: string;
  let projectId: string;
  let ideaId: string;
  let templateProjectId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });

    // What users typed is in their own language, and is shown exactly as typed in every language.
    projectId = await proposeProject(t.http, {
      title: '无创血糖监测仪（光学指尖传感）',
      summary: 'Pemantauan glukosa tanpa jarum untuk pasien diabetes di Makassar; sensor optik di ujung jari.',
      institution: '上海市第六人民医院',
      department: '内分泌代谢科',
    });
    const post = (path: string, body: object, who = OFFICE) => request(t.http).post(`/projects/${projectId}${path}`).set(who).send(body).expect((r) => {
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    });
    await post('/invention-disclosures', { title: '光学血糖传感方法', summary: '近红外光谱法', inventors: ['陈伟'], disclosedOn: '2026-01-15' });
    await post('/patents', { title: '一种无创血糖检测装置', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610012345.6', filedOn: '2026-02-01' });
    await post('/milestones', { title: 'Rapat investigator pertama', description: 'Protokol uji klinis disepakati', occurredOn: '2026-02-10' }, LEAD);
    const idea = await request(t.http).post('/ideas').set(LEAD).send({
      title: 'Sistem peringatan dini sepsis di bangsal',
      clinicalNeed: 'Sepsis sering terlambat dikenali pada malam hari.',
      summary: 'Sensor tanda vital nirkabel dengan skor peringatan dini.',
      deviceType: 'wearable monitor',
      therapeuticArea: 'critical care',
      institution: 'RSUP Dr. Wahidin Sudirohusodo, Makassar',
      department: 'ICU',
    });
    ideaId = idea.body.ideaId ?? idea.body.projectId;
    // A project under a pathway template: its page has the Pathway card (path, next gate in words).
    templateProjectId = await proposeProject(t.http, { riskClass: 'II', targets: [{ authority: 'FDA', pathway: '510k', deviceClass: 'II' }], template: { templateId: 'fda_510k' } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const USERS: Record<Role, string> = {
    office: TEST_USERS.office.username,
    lead: TEST_USERS.lead.username,
    manager: TEST_USERS.manager.username,
    admin: TEST_USERS.admin.username,
  };

  async function contextIn(lang: string, width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
    // The language as a user keeps it (localStorage), before the app's first script runs.
    await context.addInitScript((l) => {
      try {
        if (!window.localStorage.getItem('lang')) window.localStorage.setItem('lang', l);
      } catch {
        // about:blank has no storage
      }
    }, lang);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(15_000);
    return { context, page };
  }

  /** The screen's own content has come (no loader left, the data drawn). */
  async function settle(page: Page) {
    // (Never "network idle": the live updates' event stream stays open.)
    await page.waitForLoadState('load');
    await page.waitForTimeout(400);
    await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'), undefined, { timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(200);
  }

  const screens = (): Screen[] => [
    { role: 'office', name: 'dashboard', path: '/' },
    { role: 'office', name: 'my work', path: '/my-work' },
    { role: 'office', name: 'propose a project', path: '/projects/new' },
    { role: 'office', name: 'project page', path: `/projects/${projectId}`, ready: (p) => p.waitForSelector('#project-page .timeline li').then(() => undefined) },
    {
      role: 'office',
      name: 'project page: Record… menu and a command form',
      path: `/projects/${projectId}`,
      ready: async (p) => {
        await p.click('[data-action="record-menu"]');
        await p.click('[data-route="/projects/{projectId}/trials"]');
        await p.waitForSelector('#command-form');
      },
    },
    {
      role: 'office',
      name: 'project page: correcting a record',
      path: `/projects/${projectId}`,
      ready: async (p) => {
        await p.locator('[data-record="patents"] button', { hasText: 'Correct…' }).first().click();
        await p.waitForSelector('.mantine-Menu-dropdown');
      },
    },
    {
      role: 'office',
      name: 'project page: gate decision',
      path: `/projects/${projectId}`,
      ready: async (p) => {
        await p.click('#open-gate-decision');
        await p.waitForSelector('[role="dialog"]');
      },
    },
    { role: 'office', name: 'ideas to screen', path: '/ideas/screening' },
    { role: 'office', name: 'deadlines', path: '/deadlines' },
    { role: 'office', name: 'inbox', path: '/inbox' },
    { role: 'office', name: 'inbox preferences', path: '/inbox/preferences' },
    { role: 'office', name: 'not found', path: '/no-such-screen' },
    { role: 'office', name: 'pathway templates', path: '/templates', ready: (p) => p.waitForSelector('#template-list').then(() => undefined) },
    { role: 'office', name: 'a pathway template', path: '/templates/fda_pma', ready: (p) => p.waitForSelector('#template-gates [data-gate]').then(() => undefined) },
    { role: 'office', name: 'a project under a template', path: `/projects/${templateProjectId}`, ready: (p) => p.waitForSelector('#project-template-path li').then(() => undefined) },
    {
      role: 'admin',
      name: 'admin: a template revised with a mistake, its problem listed',
      path: '/templates/fda_pma/revise',
      ready: async (p) => {
        const editor = p.locator('#template-json');
        await editor.fill((await editor.inputValue()).replace('"to": "approved"', '"to": "approvd"'));
        await p.fill('#template-reason', 'x');
        await p.click('#template-submit');
        await p.waitForSelector('#template-problems');
      },
    },
    { role: 'admin', name: 'admin: define a template from a copy', path: '/templates/new?from=fda_510k', ready: (p) => p.waitForSelector('#template-json').then(() => undefined) },
    { role: 'lead', name: 'clinician: my projects', path: '/my-projects' },
    { role: 'lead', name: 'clinician: a project', path: `/my-projects/${projectId}` },
    { role: 'lead', name: 'clinician: my ideas', path: '/ideas/mine' },
    { role: 'lead', name: 'clinician: submit an idea', path: '/ideas/new' },
    { role: 'manager', name: 'management: dashboard', path: '/' },
    { role: 'admin', name: 'admin: webhooks', path: '/admin/webhooks' },
    { role: 'admin', name: 'admin: people', path: '/admin/people', ready: (p) => p.waitForSelector('#people-list').then(() => undefined) },
  ];

  it('shows no text that does not come from the catalogue, on every screen it can reach (pseudo-locale en-XA)', async () => {
    const failures: string[] = [];
    const visited: string[] = [];
    // The sign-in page, before anyone is signed in.
    {
      const { context, page } = await contextIn('en-XA', 1280);
      await page.goto(`${url}/sign-in`);
      await page.waitForSelector('#loginForm');
      visited.push('sign-in');
      failures.push(...(await page.evaluate(untranslatedTexts)).map((f) => `[sign-in] ${f}`));
      await context.close();
    }
    for (const role of ['office', 'lead', 'manager', 'admin'] as Role[]) {
      const { context, page } = await contextIn('en-XA', 1280);
      await signInAs(page, `${url}/`, USERS[role]).catch(async () => {
        // A role whose first screen is not the dashboard: signed in once the top bar shows.
        await page.waitForSelector('#logout');
      });
      const mine = screens().filter((s) => s.role === role);
      // Every screen the top bar leads to, as well as the listed ones.
      const nav = await page.$$eval('header a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')!));
      for (const href of nav) if (!mine.some((s) => s.path === href)) mine.push({ role, name: `nav ${href}`, path: href });
      for (const screen of mine) {
        await page.goto(`${url}${screen.path}`);
        await settle(page);
        try {
          await screen.ready?.(page);
        } catch (e) {
          failures.push(`[${role} ${screen.name}] could not open: ${(e as Error).message.split('\n')[0]}`);
        }
        await settle(page);
        visited.push(`${role}: ${screen.name} (${screen.path.replace(projectId, ':projectId')})`);
        const found = await page.evaluate(untranslatedTexts);
        failures.push(...found.map((f) => `[${role} ${screen.name}] ${f}`));
        if (found.length) await page.screenshot({ path: join(ARTIFACTS, `i18n-pseudo-${role}-${screen.name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
      }
      await context.close();
    }
    writeFileSync(join(ARTIFACTS, 'i18n-pseudo-screens.txt'), `Screens visited in en-XA:\n${visited.join('\n')}\n\nUntranslated:\n${failures.join('\n') || 'none'}\n`);
    expect(visited.length).toBeGreaterThanOrEqual(15);
    expect(failures).toEqual([]);
  }, 400_000);

  const SHOTS: { role: Role; name: string; path: () => string; wait: string }[] = [
    { role: 'office', name: 'sign-in', path: () => '/sign-in', wait: '#loginForm' },
    { role: 'office', name: 'dashboard', path: () => '/', wait: 'main[data-loaded=true]' },
    { role: 'office', name: 'project', path: () => `/projects/${projectId}`, wait: '#project-page .timeline li' },
    { role: 'office', name: 'my-work', path: () => '/my-work', wait: 'main' },
    { role: 'lead', name: 'clinician-project', path: () => `/my-projects/${projectId}`, wait: 'main' },
    { role: 'lead', name: 'my-ideas', path: () => '/ideas/mine', wait: 'main' },
  ];

  for (const lang of ['zh-CN', 'id']) {
    it(`draws the main screens in ${lang} at 375 px and 1280 px, long words wrapped, nothing wider than the screen`, async () => {
      const overflow: string[] = [];
      for (const width of [375, 1280]) {
        for (const role of ['office', 'lead'] as Role[]) {
          const { context, page } = await contextIn(lang, width);
          for (const shot of SHOTS.filter((s) => s.role === role)) {
            if (shot.name !== 'sign-in' && !(await page.$('#logout'))) await signInAs(page, `${url}/`, USERS[role]).catch(() => page.waitForSelector('#logout'));
            await page.goto(`${url}${shot.path()}`);
            await page.waitForSelector(shot.wait).catch(() => undefined);
            await settle(page);
            expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
            await page.screenshot({ path: join(ARTIFACTS, `i18n-${lang}-${shot.name}-${width}.png`), fullPage: true });
            // The first screenful as a person sees it (the full page above is for the long lists).
            await page.screenshot({ path: join(ARTIFACTS, `i18n-${lang}-${shot.name}-${width}-top.png`) });
            // The page itself never scrolls sideways (a table may scroll inside its own box).
            const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (wide > 1) overflow.push(`${lang} ${shot.name} at ${width} px: ${wide} px too wide`);
            // The language choice and signing out stay on screen however long the top bar's links are. Every place
            // is in reach, whole: a phone has the menu; a wider screen has every link whole in the bar, or the menu
            // when they do not all fit (Indonesian on a laptop).
            if (shot.name !== 'sign-in') {
              const menu = await page.locator('#nav-menu').isVisible();
              if (width < 768 && !menu) overflow.push(`${lang} ${shot.name} at ${width} px: no menu`);
              for (const control of menu ? ['#nav-menu', '#language-menu', '#logout'] : ['#language-menu', '#logout']) {
                const box = await page.locator(control).boundingBox();
                if (!box || box.x < 0 || box.x + box.width > width) overflow.push(`${lang} ${shot.name} at ${width} px: ${control} out of view`);
              }
              if (!menu) {
                const cut = await page.$$eval('header nav:not(#nav-menu-panel)', (navs) =>
                  navs.flatMap((nav) => {
                    const box = nav.getBoundingClientRect();
                    return Array.from(nav.querySelectorAll('a') as ArrayLike<Element>)
                      .filter((a) => {
                        const r = a.getBoundingClientRect();
                        return r.left < box.left - 1 || r.right > box.right + 1 || r.right > window.innerWidth;
                      })
                      .map((a) => a.id);
                  }),
                );
                for (const id of cut) overflow.push(`${lang} ${shot.name} at ${width} px: link ${id} cut or scrolled away`);
              }
            }
          }
          if (await page.locator('#nav-menu').isVisible()) {
            // The places as the top bar's menu (a phone, or links too long for the bar): every item whole on screen.
            await page.click('#nav-menu');
            await page.waitForSelector('[id^="menu-"]');
            const cut = await page.$$eval('[id^="menu-"]', (items) =>
              items.filter((i) => i.scrollWidth > i.clientWidth + 1 || i.getBoundingClientRect().right > window.innerWidth).map((i) => i.id),
            );
            for (const id of cut) overflow.push(`${lang} ${role}'s menu at ${width} px: ${id} cut`);
            expect(await page.$$eval('[id^="menu-"]', (items) => items.length)).toBeGreaterThan(3);
            await page.screenshot({ path: join(ARTIFACTS, `i18n-${lang}-${role}-menu-${width}.png`) });
            await page.keyboard.press('Escape');
          }
          await context.close();
        }
      }
      expect(overflow).toEqual([]);
    }, 300_000);
  }

  it('gives the top bar its links back when the window widens enough, and the menu when it narrows again', async () => {
    // Indonesian office staff: at 1000 px their eight places do not fit beside the account's controls; at 2400 px they do.
    const { context, page } = await contextIn('id', 1000);
    await signInAs(page, `${url}/`, USERS.office);
    await settle(page);
    await page.locator('#nav-menu').waitFor({ state: 'visible' });
    expect(await page.locator('#nav-dashboard').isVisible()).toBe(false);
    // Widened with the menu open: the links come back and the menu goes, closed, with its button.
    await page.click('#nav-menu');
    await page.waitForSelector('#nav-menu-panel');
    await page.setViewportSize({ width: 2400, height: 900 });
    await page.locator('#nav-dashboard').waitFor({ state: 'visible' });
    expect(await page.locator('#nav-menu').isVisible()).toBe(false);
    expect(await page.locator('#nav-menu-panel').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'i18n-id-office-bar-2400.png') });
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.locator('#nav-menu').waitFor({ state: 'visible' });
    expect(await page.locator('#nav-dashboard').isVisible()).toBe(false);
    expect(await page.locator('#nav-menu-panel').count()).toBe(0);
    // The menu still leads somewhere, and closes once a place is chosen.
    await page.click('#nav-menu');
    await page.click('#menu-my-work');
    await page.waitForURL(/\/my-work$/);
    expect(await page.locator('#nav-menu-panel').count()).toBe(0);
    await context.close();
  }, 120_000);

  it('keeps what users typed exactly as typed in every language, and the chosen language for the next visit', async () => {
    const { context, page } = await contextIn('id', 1280);
    await signInAs(page, `${url}/`, USERS.office);
    await page.goto(`${url}/projects/${projectId}`);
    await page.waitForSelector('#project-page .timeline li');
    expect(await page.locator('#project-page h2').first().textContent()).toBe('无创血糖监测仪（光学指尖传感）');
    expect(await page.locator('#project-page').textContent()).toContain('Pemantauan glukosa tanpa jarum');
    expect(await page.locator('#project-page').textContent()).toContain('Riwayat');
    // The language menu: Chinese chosen, kept after a reload.
    await page.selectOption('#language-menu', 'zh-CN');
    await page.locator('#project-page', { hasText: '历史' }).waitFor();
    await page.reload();
    await page.locator('#project-page', { hasText: '历史' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, window.localStorage.getItem('lang')])).toEqual(['zh-CN', 'zh-CN']);
    expect(await page.locator('#project-page h2').first().textContent()).toBe('无创血糖监测仪（光学指尖传感）');
    await context.close();
    expect(ideaId).toBeTruthy();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
