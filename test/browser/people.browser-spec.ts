import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { ADMIN, startTestApp, TEST_USERS, TestApp } from '../e2e/support/test-app';
import { ARTIFACTS, launchChromium, signInAs } from '../support/browser';

declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

// The admin's People screen in Debian's headless Chromium, as an administrator would use it: open an account for a new
// colleague (a temporary password), who signs in, is asked for their own password and lands in the app; give them
// another role with a reason; lock the account of someone who left, whose open session then ends and who can no longer
// sign in; unlock it. Each change is read back from the account's history over the API. The screen at a phone's width in
// Chinese. Screenshots: test/browser/artifacts/people-*.png.
describe('people and accounts (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Page;
  let url: string;
  const pageErrors: string[] = [];
  const temporary = 'temporary-password-2026';
  const own = 'a long phrase of my own choosing';
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `people-${name}.png`), fullPage: true });
  const row = (username: string) => admin.locator(`#people-list [data-username="${username}"]`);
  const act = async (username: string, button: string, reason?: string) => {
    await row(username).locator(button).click();
    await admin.waitForSelector('#account-action');
    if (reason !== undefined) await admin.fill('#action-reason', reason);
  };
  const confirmed = async () => {
    await admin.click('#confirm-action');
    await admin.waitForSelector('#account-action', { state: 'detached' });
    return (await admin.locator('#people-done').textContent()) ?? '';
  };
  const newcomer = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(10_000);
    return { context, page };
  };
  const signIn = async (page: Page, password: string) => {
    await page.goto(url);
    await page.waitForSelector('#loginForm', { state: 'visible' });
    await page.fill('#loginForm input[name=username]', 'dr-sari');
    await page.fill('#loginForm input[name=password]', password);
    await page.click('#loginForm button[type=submit]');
  };

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    admin.on('pageerror', (e) => pageErrors.push(e.message));
    admin.setDefaultTimeout(10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists every account with its role and status, and finds one by name', async () => {
    await signInAs(admin, url, TEST_USERS.admin.username);
    await admin.click('#nav-people');
    await admin.waitForSelector('#people-list');
    for (const user of Object.values(TEST_USERS)) expect(await row(user.username).count()).toBe(1);
    expect(await row(TEST_USERS.office.username).locator('.user-role').textContent()).toBe('innovation office');
    // One person with two accounts: the second names the person it belongs to.
    expect(await row(TEST_USERS.leadAsOffice.username).textContent()).toContain('Person dr-chen');
    await admin.fill('#people-filter', 'wong');
    expect(await admin.locator('#people-list [data-username]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-username')))).toEqual([TEST_USERS.manager.username]);
    await admin.fill('#people-filter', '');
    await shot(admin, 'list');
  });

  it('opens an account: the API’s refusal shows on the field, then the newcomer signs in and chooses a password', async () => {
    await admin.fill('#new-user-name', 'Dr. Sari Dewi');
    await admin.fill('#new-user-username', 'dr sari');
    await admin.fill('#new-user-password', 'short');
    expect(await admin.locator('#create-user').isDisabled()).toBe(true);
    expect(await admin.locator('#admin-people').textContent()).toContain('At least 12 characters.');
    await admin.fill('#new-user-password', temporary);
    await admin.click('#create-user');
    // The API refuses a user name with a space; the message is under the field, the input kept.
    await admin.waitForSelector('#new-user-username[aria-invalid="true"]');
    expect(await admin.inputValue('#new-user-name')).toBe('Dr. Sari Dewi');
    await shot(admin, 'refused');
    await admin.fill('#new-user-username', 'dr-sari');
    await admin.click('#create-user');
    await admin.waitForSelector('#people-done');
    expect(await admin.locator('#people-done').textContent()).toContain('dr-sari');
    await row('dr-sari').waitFor();
    expect(await row('dr-sari').locator('.user-role').textContent()).toBe('clinician');
    expect(await row('dr-sari').locator('.user-status').textContent()).toContain('must choose a password');

    const { context, page } = await newcomer();
    await signIn(page, temporary);
    await page.waitForSelector('#passwordForm');
    expect(await page.locator('#passwordForm').textContent()).toContain('At least 12 characters');
    await page.fill('#passwordForm input[name=newPassword]', own);
    await page.click('#passwordForm button[type=submit]');
    await page.waitForSelector('main[data-loaded=true]', { timeout: 20_000 });
    await context.close();
    await admin.reload();
    await row('dr-sari').waitFor();
    expect(await row('dr-sari').locator('.user-status').textContent()).not.toContain('must choose a password');
  });

  it('changes a role with a reason, locks an account (its session ends, sign-in refused) and unlocks it', async () => {
    await act('dr-sari', '.change-role', '');
    // Nothing to send until another role and a reason are given.
    expect(await admin.locator('#confirm-action').isDisabled()).toBe(true);
    await admin.click('#action-role');
    await admin.locator('[role=option]:visible', { hasText: 'innovation office' }).click();
    await admin.fill('#action-reason', 'Moved to the innovation office in Makassar');
    await shot(admin, 'change-role');
    expect(await confirmed()).toContain('Dr. Sari Dewi is now innovation office');
    expect(await row('dr-sari').locator('.user-role').textContent()).toBe('innovation office');

    const { context, page } = await newcomer();
    await signIn(page, own);
    await page.waitForSelector('main[data-loaded=true]', { timeout: 20_000 });
    await act('dr-sari', '.lock-user', 'Left the hospital');
    expect(await confirmed()).toContain('locked');
    expect(await row('dr-sari').locator('.user-status').textContent()).toContain('locked');
    // The locked person's open session ends: the next request sends them to sign in, where they are refused.
    // (Within AUTH_USER_CACHE_MS of the lock a token may still be taken: ask again until it is not.)
    for (let tries = 0; !(await page.locator('#loginForm').isVisible()); tries++) {
      if (tries === 10) throw new Error('the locked account’s session did not end');
      await page.reload();
      await page.waitForSelector('#loginForm, main[data-loaded=true]', { timeout: 20_000 });
      if (!(await page.locator('#loginForm').isVisible())) await page.waitForTimeout(1000);
    }
    await signIn(page, own);
    await page.waitForSelector('#loginError');
    await context.close();

    await act('dr-sari', '.unlock-user', 'Back from leave');
    expect(await confirmed()).toContain('unlocked');
    const history = await request(t.http).get('/admin/users/dr-sari').set(ADMIN).expect(200);
    expect(history.body).toMatchObject({ role: 'innovation_office', status: 'active', mustChangePassword: false });
    const events = await t.database.db.query<{ type: string; actor: string }>(
      "SELECT type, metadata -> 'actor' ->> 'id' AS actor FROM events WHERE stream_id = 'user-dr-sari' ORDER BY stream_revision",
    );
    expect(events.rows.map((e) => e.type)).toEqual(['UserCreated', 'UserPasswordChanged', 'UserRoleChanged', 'UserLocked', 'UserUnlocked']);
    expect(events.rows.filter((e) => e.type !== 'UserPasswordChanged').every((e) => e.actor === TEST_USERS.admin.username)).toBe(true);
  });

  it('reads whole on a phone in Chinese', async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.goto(`${url}/admin/people?lang=zh-CN`);
    await admin.waitForSelector('#people-list');
    expect(await admin.locator('h2').first().textContent()).toBe('人员与账户');
    expect(await admin.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await shot(admin, 'phone-zh');
    expect(pageErrors).toEqual([]);
  });
});
