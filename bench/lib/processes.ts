import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The API as it ships (`node …/apps/api/src/main.js`), compiled by `npm run bench` into node_modules/.cache/bench
// (not dist/: every `nest build` of the app empties dist/, also mid-run).
export const API_MAIN = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
export const BARE_ENDPOINT_MAIN = join(__dirname, '..', 'bare-endpoint', 'bare-endpoint.main.js');
const CPU_PROFILE_PRELOAD = join(__dirname, 'cpu-profile.preload.js');
/**
 * The API runs with the runtime environment its image (deploy/Dockerfile) and `npm start` set, so its memory is
 * measured as deployed: glibc's malloc with a fixed mmap threshold (argon2's 19 MiB blocks mapped and returned on free,
 * not kept by each worker thread's arena) and two arenas.
 */
export const API_IMAGE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '4194304' };
/** The node flags of the API's command line as deployed (the image's CMD, k8s/api.yaml, compose, `npm start`, `npm run start:prod`): V8's old space capped at 1.5 GiB, so V8 grows it by a smaller factor. */
export const API_IMAGE_NODE_ARGS: readonly string[] = ['--max-old-space-size=1536'];
/** What `npm start` adds without DATABASE_URL (the embedded default): 4 MiB semi-spaces, a smaller young generation (deploy/README.md, "Settings"). */
export const EMBEDDED_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4'];

export interface Server {
  process: ChildProcess;
  baseUrl: string;
  /** Milliseconds from spawn to the first answered GET /health (or the given path). */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns a Node server with exactly `env` (nothing inherited but PATH and HOME, so a DATABASE_URL of the
 * bench's own shell never leaks in), then polls until `healthPath` answers 200.
 */
export async function startServer(main: string, env: Record<string, string>, port: number, healthPath = '/health', timeoutMs = 60_000): Promise<Server> {
  const started = process.hrtime.bigint();
  // BENCH_NODE_ARGS: extra node flags for the servers under test, e.g. "--prof --logfile=/tmp/v8-%p.log" to profile.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_CPU_PROF=<dir>: a CPU profile of each server under test, written there when the bench stops it.
  const profileDir = process.env.BENCH_CPU_PROF;
  if (profileDir) nodeArgs.push('--require', CPU_PROFILE_PRELOAD);
  // The API runs with the node flags of its command line as deployed; the embedded default (no DATABASE_URL) as
  // `npm start` runs it.
  const deployedArgs = main === API_MAIN ? [...API_IMAGE_NODE_ARGS, ...(env.DATABASE_URL ? [] : EMBEDDED_NODE_ARGS)] : [];
  const child = spawn(process.execPath, [...deployedArgs, ...nodeArgs, main], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(profileDir ? { BENCH_CPU_PROF: profileDir } : {}),
      // The API as its image and `npm start` run it.
      ...(main === API_MAIN ? API_IMAGE_ENV : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`${main} exited with ${exited} before answering: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${main} did not answer ${healthPath} within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    try {
      const res = await fetch(baseUrl + healthPath);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    process: child,
    baseUrl,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in MiB. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      // the process is gone
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rssMiB(pid));
      } catch {
        // the process is gone
      }
      return peak;
    },
  };
}
