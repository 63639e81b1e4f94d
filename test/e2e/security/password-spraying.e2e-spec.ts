import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

// Spraying one password over many user names costs the server an argon2 hash per name: failed sign-ins are limited
// per client address whatever the name, and hashes run a few at a time behind a short queue, the rest told to retry.
describe('password spraying: per-address limit and capped hashing (e2e)', () => {
  const ADDRESS_LIMIT = 20;
  let t: TestApp;
  beforeAll(async () => {
    // One hash at a time and five waiting: the harness's own five accounts are hashed at start-up, together.
    t = await startTestApp({ LOGIN_ADDRESS_RATE_LIMIT: String(ADDRESS_LIMIT), PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '5' });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => request(t.http).post('/auth/login').send({ username, password });

  it('a burst of sign-ins beyond the hashing queue is told to retry (503 server_busy, Retry-After), and a real sign-in works once it passed', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => login(`burst-name-${i}`, 'Spring2026!spray')));
    const busy = burst.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0].body.code).toBe('server_busy');
    expect(busy[0].headers['retry-after']).toBe('1');
    expect(burst.every((r) => r.status === 401 || r.status === 503)).toBe(true);
    await login('office-li', 'office-li-password').expect(200);
  });

  it('40 user names from one address: refused with 429 once the address’s failures fill the window, the right password too', async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await login(`sprayed-name-${i}`, 'Spring2026!spray'));
    const firstLimited = answers.findIndex((r) => r.status === 429);
    expect(firstLimited).toBeGreaterThan(0);
    expect(firstLimited).toBeLessThanOrEqual(ADDRESS_LIMIT);
    expect(answers.slice(firstLimited).every((r) => r.status === 429)).toBe(true);
    expect(answers[firstLimited].body.code).toBe('too_many_attempts');
    expect(Number(answers[firstLimited].headers['retry-after'])).toBeGreaterThan(0);
    await login('dr-chen', 'dr-chen-password').expect(429);
  });
});
