import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Report } from '../lib/report';
import { percentile } from '../lib/stats';

// The web app (apps/web): what a browser downloads before the board can draw, and how long the board takes.
// npm run bench runs from the repository root, where the API also finds apps/web/dist.
const ROOT = process.cwd();
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The bench's private build of the web app: the API under test serves it (WEB_DIST), so the board timed is this code's. */
export const BENCH_WEB_DIST = join(ROOT, 'node_modules/.cache/bench-web');

/** Builds the app into a private folder and adds up the gzipped JavaScript and CSS index.html loads first. */
export function runWebBundle(report: Report): void {
  const out = BENCH_WEB_DIST;
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'apps/web/vite.config.mts', '--outDir', out, '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  // The entry script, the chunks it preloads and the stylesheets: everything before the first screen.
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(js|css))"/g)].map((m) => ({ path: m[1], kind: m[2] }));
  const gz = (kind: string) => files.filter((f) => f.kind === kind).reduce((sum, f) => sum + gzipSync(readFileSync(join(out, f.path))).length, 0) / 1024;
  const js = gz('js');
  const css = gz('css');
  report.add({
    scenario: '7 web app',
    metric: 'initial JavaScript + CSS, gzipped',
    unit: 'KB',
    ours: js + css,
    oursText: `${(js + css).toFixed(0)} KB (JS ${js.toFixed(0)}, CSS ${css.toFixed(0)})`,
    goal: '≤ 250 KB',
    met: js + css <= 250,
  });
  report.details.webBundle = { files, jsKiB: js, cssKiB: css };
}

/**
 * Navigation to the board drawn (every stage's column with its first page of cards on screen; the charts and tables
 * below may still be loading), signed in, in Chromium, on the bench's whole data set. The board draws a page of
 * cards per stage and pages on demand, never a whole stage. p50 and p95 over `repeats` fresh contexts.
 */
export async function runTimeToBoard(baseUrl: string, headers: Record<string, string>, report: Report, repeats: number): Promise<void> {
  const token = headers.authorization?.replace(/^Bearer /, '');
  if (!token) return report.notMeasured('7 web app', 'time to board', 'the API under test has no builtin sign-in');
  if (!existsSync(join(BENCH_WEB_DIST, 'index.html'))) return report.notMeasured('7 web app', 'time to board', 'the web app is not built (the bundle step builds it)');
  if (!existsSync(CHROMIUM)) return report.notMeasured('7 web app', 'time to board', `no Chromium at ${CHROMIUM}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const samples: number[] = [];
    let cards = 0;
    let total = 0;
    for (let i = 0; i <= repeats; i++) {
      // A fresh context each time: nothing cached, signed in as the bench's office user.
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      await context.addInitScript(`sessionStorage.setItem('token', ${JSON.stringify(token)})`);
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${baseUrl}/`);
      await page.waitForSelector('.board .project', { timeout: 60_000 });
      const ms = Date.now() - started;
      if (i === 0) total = Number((await page.textContent('#kpi-total')) ?? 0);
      cards = await page.locator('.board .project').count();
      await context.close();
      if (i > 0) samples.push(ms); // the first run warms the server's caches
    }
    samples.sort((a, b) => a - b);
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    report.add({
      scenario: '7 web app',
      metric: `navigation to the board drawn in Chromium, ${total.toLocaleString('en-US')} projects (${cards} cards drawn): p50 / p95 over ${samples.length}`,
      unit: 'ms',
      ours: p50,
      oursText: `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`,
      goal: '< 1500 ms',
      met: p95 < 1500,
    });
    report.details.timeToBoard = { samples, projects: total, cards };
  } finally {
    await browser.close();
  }
}
