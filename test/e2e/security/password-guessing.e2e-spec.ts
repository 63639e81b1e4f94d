import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { ADMIN, OFFICE, startTestApp, TestApp } from '../support/test-app';

// A stolen token must not brute-force its user's password through a signature or a password change, past the
// sign-in limits: every password check of an account counts, is limited per account, and a run of failures locks it.
describe('password guessing: per-account limit, lock-out, failed signatures on the record (e2e)', () => {
  const LIMIT = 3;
  const WINDOW_SECONDS = 3;
  const LOCKOUT = 6;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      PASSWORD_ATTEMPT_LIMIT: String(LIMIT),
      PASSWORD_ATTEMPT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      AUTH_LOCKOUT_ATTEMPTS: String(LOCKOUT),
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_ADDRESS_RATE_LIMIT: '1000',
      AUTH_USER_CACHE_MS: '0',
    });
  });
  afterAll(() => t.close());

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const userEvents = async (username: string) =>
    (
      await t.database.db.query<{ type: string; data: Record<string, unknown>; metadata: Record<string, any> }>(
        'SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_revision',
        [`user-${username}`],
      )
    ).rows;
  const login = (username: string, password: string) => request(t.http).post('/auth/login').send({ username, password });

  it('30 wrong signature passwords: 401 up to the limit, then 429, and the right one does not sign; each failure is on the signer’s record; a run of failures locks the account', async () => {
    const signer = await t.createUser({ username: 'office-guo', name: 'Guo Xin', role: 'innovation_office' });
    const projectId = (await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201)).body.projectId;
    const sign = (password: string) =>
      request(t.http)
        .post(`/projects/${projectId}/gate-decisions`)
        .set({ ...signer, 'If-Match': '"0"' })
        .send({ decision: 'hold', reason: 'Awaiting funding', signature: { meaning: 'paused', printedName: 'Guo Xin', password } });

    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await sign(`guess-number-${i}`));
    expect(answers.slice(0, LIMIT + 1).map((r) => r.status)).toEqual([401, 401, 401, 429]);
    expect(answers[LIMIT].body.code).toBe('too_many_attempts');
    expect(Number(answers[LIMIT].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(answers[LIMIT].headers['retry-after'])).toBeLessThanOrEqual(WINDOW_SECONDS);
    // (A slow machine may see the window turn once during the 30: never more checks than that allows.)
    const checked = answers.filter((r) => r.body.code === 'signature_authentication_failed');
    expect(checked.length).toBeLessThanOrEqual(2 * LIMIT);
    expect(answers.every((r) => ['signature_authentication_failed', 'too_many_attempts', 'account_locked'].includes(r.body.code))).toBe(true);
    // The 31st, the right password, does not sign while the window is full.
    expect([401, 429]).toContain((await sign('office-guo-password')).status);
    const projectEvents = await t.database.db.query('SELECT 1 FROM events WHERE stream_id = $1', [`project-${projectId}`]);
    expect(projectEvents.rows).toHaveLength(1);

    // Each checked guess is on the signer's record, with the project and why; never the password.
    const failed = (await userEvents('office-guo')).filter((e) => e.type === 'UserSignatureFailed');
    expect(failed.length).toBe(checked.length);
    expect(failed[0].data).toEqual({ username: 'office-guo', projectId, reason: 'wrong_password' });
    expect(failed[0].metadata.actor).toMatchObject({ id: 'office-guo', name: 'Guo Xin', role: 'innovation_office' });
    expect(JSON.stringify(failed)).not.toContain('guess-number');

    // Guessing on after the window: the LOCKOUT-th failure in a row locks the account.
    for (let round = 0; round < 4 && !(await userEvents('office-guo')).some((e) => e.type === 'UserLocked'); round++) {
      await sleep(WINDOW_SECONDS * 1000 + 100);
      for (let i = 0; i < LIMIT; i++) {
        const res = await sign(`later-guess-${round}-${i}`);
        if (res.status !== 401 || res.body.code === 'account_locked') break;
      }
    }
    const events = await userEvents('office-guo');
    expect(events.filter((e) => e.type === 'UserSignatureFailed')).toHaveLength(LOCKOUT);
    const locked = events.find((e) => e.type === 'UserLocked')!;
    expect(locked.data).toEqual({ username: 'office-guo', reason: `${LOCKOUT} failed password attempts in a row` });
    expect(locked.metadata.actor).toMatchObject({ id: 'system', role: 'admin' });
    expect(events.at(-1)!.type).toBe('UserLocked');
    expect((await request(t.http).get('/projects').set(signer).expect(401)).body.code).toBe('account_locked');
    await sleep(WINDOW_SECONDS * 1000 + 100);
    expect((await login('office-guo', 'office-guo-password').expect(401)).body.code).toBe('account_locked');
  }, 60_000);

  it('a wrong currentPassword on POST /auth/password counts against the same account as sign-in: 429 once the limit is reached, even for the right one', async () => {
    const holder = await t.createUser({ username: 'mgr-ho', name: 'Ho Lin', role: 'management' });
    const change = (currentPassword: string) =>
      request(t.http).post('/auth/password').set(holder).send({ currentPassword, newPassword: 'a-brand-new-password' });
    expect((await change('wrong-guess-1').expect(401)).body.code).toBe('invalid_credentials');
    expect((await change('wrong-guess-2').expect(401)).body.code).toBe('invalid_credentials');
    await login('mgr-ho', 'wrong-guess-3').expect(401);
    const limited = await change('mgr-ho-password').expect(429);
    expect(limited.body.code).toBe('too_many_attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await login('mgr-ho', 'mgr-ho-password').expect(429);
  }, 60_000);

  it('concurrent guesses cannot overrun the window (one account’s checks run one at a time); concurrent right passwords all pass', async () => {
    await t.createUser({ username: 'dr-ip', name: 'Dr. Ip Man', role: 'clinician' });
    const right = await Promise.all(Array.from({ length: 8 }, () => login('dr-ip', 'dr-ip-password')));
    expect(right.map((r) => r.status)).toEqual(Array(8).fill(200));
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => login('dr-ip', `concurrent-guess-${i}`)));
    expect(guesses.filter((r) => r.status === 401)).toHaveLength(LIMIT);
    expect(guesses.filter((r) => r.status === 429)).toHaveLength(12 - LIMIT);
  }, 60_000);

  it('sign-in locks the same way; an admin’s unlock restarts the count, and a correct password ends a run of failures', async () => {
    await t.createUser({ username: 'dr-lam', name: 'Dr. Lam Yee', role: 'clinician' });
    const statuses: number[] = [];
    for (let round = 0; round < 4 && statuses.filter((s) => s === 401).length < LOCKOUT; round++) {
      if (round > 0) await sleep(WINDOW_SECONDS * 1000 + 100);
      for (let i = 0; i < LIMIT + 1; i++) statuses.push((await login('dr-lam', `wrong-${round}-${i}`)).status);
    }
    expect(statuses.slice(0, LIMIT + 1)).toEqual([401, 401, 401, 429]);
    expect((await login('dr-lam', 'dr-lam-password')).body.code).toMatch(/^(account_locked|too_many_attempts)$/);
    const locked = (await userEvents('dr-lam')).filter((e) => e.type === 'UserLocked');
    expect(locked.map((e) => e.data.reason)).toEqual([`${LOCKOUT} failed password attempts in a row`]);

    await request(t.http).post('/admin/users/dr-lam/unlock').set(ADMIN).send({ reason: 'Identity checked by phone' }).expect(200);
    await sleep(WINDOW_SECONDS * 1000 + 100);
    await login('dr-lam', 'dr-lam-password').expect(200);
    // LOCKOUT - 1 failures, a success, LOCKOUT - 1 more: never LOCKOUT in a row, so never locked.
    for (let run = 0; run < 2; run++) {
      for (let i = 0; i < LOCKOUT - 1; i++) {
        if (i > 0 && i % LIMIT === 0) await sleep(WINDOW_SECONDS * 1000 + 100);
        await login('dr-lam', `again-wrong-${run}-${i}`).expect(401);
      }
      await sleep(WINDOW_SECONDS * 1000 + 100);
      await login('dr-lam', 'dr-lam-password').expect(200);
    }
    expect((await userEvents('dr-lam')).filter((e) => e.type === 'UserLocked')).toHaveLength(1);
  }, 90_000);
});
