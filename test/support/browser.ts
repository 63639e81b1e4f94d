import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { passwordOf, TEST_USERS, type TestApp } from '../e2e/support/test-app';

// Debian's Chromium (apt-get install chromium), never a test tool's own download.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test/browser/artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Signs in through the web app's own form, as a person would, and waits for the dashboard's data. */
export async function signInAs(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('#loginForm', { state: 'visible' });
  await page.fill('#loginForm input[name=username]', username);
  await page.fill('#loginForm input[name=password]', passwordOf(username));
  await page.click('#loginForm button[type=submit]');
  await page.waitForSelector('main[data-loaded=true]', { timeout: 20_000 });
}

export function signInAsManager(page: Page, url: string): Promise<void> {
  return signInAs(page, url, TEST_USERS.manager.username);
}

/**
 * Waits until the read models have caught up with every event recorded so far (the demo pipeline is seeded in the
 * background): the board read with `?position=` answers 503 projection_behind after its own 2 s, so ask again until
 * it answers 200, for at most `timeoutMs` (a loaded machine projects the demo's events more slowly).
 */
export async function untilProjected(t: TestApp, headers: Record<string, string>, timeoutMs = 60_000): Promise<void> {
  const head = Number((await t.database.db.query<{ p: string | null }>('SELECT max(global_position) AS p FROM events')).rows[0].p ?? 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(t.http).get('/pipeline/board').set(headers).query({ position: head });
    if (res.status === 200) return;
    if (res.status !== 503 || Date.now() > deadline) throw new Error(`read models did not reach position ${head}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
