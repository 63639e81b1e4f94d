import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

// Plain fetch over loopback: real sockets and real concurrency (supertest opens a listener per request).

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: Record<string, any>;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A refusal in the API's error format: application/problem+json with a stable code. */
export function isProblem(reply: Reply): boolean {
  return (reply.headers.get('content-type') ?? '').startsWith('application/problem+json') && typeof reply.body.code === 'string';
}

/** "status code" → how many replies had it, for readable expectations and failure messages. */
export function tally(replies: readonly Reply[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of replies) {
    const key = r.status < 400 ? String(r.status) : `${r.status} ${r.body.code ?? ''}`.trim();
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** Lets an in-process test app listen on a free loopback port and returns its base URL. */
export async function listenOnLoopback(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** `describe` on the PostgreSQL server (DATABASE_URL), else `describe.skip` with the reason printed. */
export function describeOnServer(what: string, why: string): typeof describe | typeof describe.skip {
  if (process.env.DATABASE_URL) return describe;
  console.log(`${what} skipped: it needs DATABASE_URL (a PostgreSQL server): ${why}`);
  return describe.skip;
}
