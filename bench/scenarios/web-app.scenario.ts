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

/** Builds the app into a private folder and adds up the gzipped JavaScript and CSS index.html loads first. */
export function runWebBundle(report: Report): void {
  const out = join(ROOT, 'node_modules/.cache/bench-web');
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

/** Navigation to the board drawn (its cards on screen; the charts and tables below may still be loading), signed in, in Chromium. */
export async function runTimeToBoard(baseUrl: string, headers: Record<string, string>, report: Report, repeats: number): Promise<void> {
  const token = headers.authorization?.replace(/^Bearer /, '');
  if (!token) return report.notMeasured('7 web app', 'time to board', 'the API under test has no builtin sign-in');
  if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) return report.notMeasured('7 web app', 'time to board', 'the web app is not built (npm run build:web)');
  if (!existsSync(CHROMIUM)) return report.notMeasured('7 web app', 'time to board', `no Chromium at ${CHROMIUM}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const samples: number[] = [];
    let cards = 0;
    for (let i = 0; i <= repeats; i++) {
      // A fresh context each time: nothing cached, signed in as the bench's office user.
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      await context.addInitScript(`sessionStorage.setItem('token', ${JSON.stringify(token)})`);
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${baseUrl}/`);
      await page.waitForSelector('.board .project', { timeout: 60_000 });
      const ms = Date.now() - started;
      cards = await page.locator('.board .project').count();
      await context.close();
      if (i > 0) samples.push(ms); // the first run warms the server's caches
    }
    samples.sort((a, b) => a - b);
    const p50 = percentile(samples, 50);
    report.add({
      scenario: '7 web app',
      metric: `navigation to the board drawn in Chromium (${cards} cards shown)`,
      unit: 'ms',
      ours: p50,
      oursText: `p50 ${p50.toFixed(0)} ms, max ${samples[samples.length - 1].toFixed(0)} ms`,
      goal: '< 1500 ms',
      met: p50 < 1500,
    });
  } finally {
    await browser.close();
  }
}
