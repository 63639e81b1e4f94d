import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

// The built apps: dist/ (npm run build), or APP_DIST when a private build is used (scripts/build-private.sh).
const APP_DIST = process.env.APP_DIST ?? join(process.cwd(), 'dist');
export const API_MAIN = join(APP_DIST, 'apps/api/src/main.js');
export const PROJECTOR_MAIN = join(APP_DIST, 'apps/projector/src/main.js');
export const CLI_DIR = join(APP_DIST, 'apps/cli/src');

/** The multi-process tests run the built apps; `npm run test:e2e` builds them first (`nest build api` compiles every app). */
export function assertBuilt(): void {
  for (const file of [API_MAIN, PROJECTOR_MAIN]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm run test:e2e does)`);
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A child process of ours, with its output kept for the failure message. */
export class Proc {
  readonly child: ChildProcess;
  output = '';
  exited: Promise<number | null>;

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string>,
    args: readonly string[] = [],
  ) {
    this.child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** Polls until `probe` resolves truthy, or fails after `timeoutMs` with `what` in the message. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
