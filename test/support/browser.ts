import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { passwordOf, TEST_USERS } from '../e2e/support/test-app';

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
