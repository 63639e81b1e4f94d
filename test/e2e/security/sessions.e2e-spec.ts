import request from 'supertest';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

// Tokens issued before a sign-out, a password change or a lock are refused; the cache of users (AUTH_USER_CACHE_MS,
// left at its default here) and of verified tokens must not keep them alive. Accounts of one person share its name.
describe('sessions end: sign-out, password change, lock; one person, one name (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '1000' });
  });
  afterAll(() => t.close());

  const login = async (username: string, password: string) => {
    const res = await request(t.http).post('/auth/login').send({ username, password }).expect(200);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  };
  const codeOf = async (headers: Record<string, string>) => {
    const res = await request(t.http).get('/auth/me').set(headers);
    return res.status === 200 ? 200 : res.body.code;
  };

  it('POST /auth/logout ends every token of the account, even ones just used (and cached)', async () => {
    await t.createUser({ username: 'office-sun', name: 'Sun Li', role: 'innovation_office' });
    const first = await login('office-sun', 'office-sun-password');
    const second = await login('office-sun', 'office-sun-password');
    expect(await codeOf(first)).toBe(200);
    expect(await codeOf(second)).toBe(200);
    await request(t.http).post('/auth/logout').set(first).expect(204);
    expect(await codeOf(first)).toBe('token_revoked');
    expect(await codeOf(second)).toBe('token_revoked');
    const res = await request(t.http).get('/projects').set(second).expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await codeOf(await login('office-sun', 'office-sun-password'))).toBe(200);
  });

  it('signs out before the first password change too', async () => {
    await request(t.http).post('/admin/users').set(ADMIN).send({ username: 'dr-fung', name: 'Dr. Fung Wai', role: 'clinician', initialPassword: 'initial-password-1' }).expect(201);
    const once = await login('dr-fung', 'initial-password-1');
    await request(t.http).post('/auth/logout').set(once).expect(204);
    expect(await codeOf(once)).toBe('token_revoked');
  });

  it('a password change ends the tokens issued before it; the token it answers keeps working', async () => {
    await t.createUser({ username: 'mgr-yip', name: 'Yip Ka', role: 'management' });
    const changing = await login('mgr-yip', 'mgr-yip-password');
    const elsewhere = await login('mgr-yip', 'mgr-yip-password');
    expect(await codeOf(elsewhere)).toBe(200);
    const changed = await request(t.http).post('/auth/password').set(changing).send({ currentPassword: 'mgr-yip-password', newPassword: 'mgr-yip-new-password' }).expect(200);
    const fresh = { Authorization: `Bearer ${changed.body.accessToken}` };
    expect(await codeOf(changing)).toBe('token_revoked');
    expect(await codeOf(elsewhere)).toBe('token_revoked');
    expect(await codeOf(fresh)).toBe(200);
    // Still after the user cache has expired.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await request(t.http).get('/projects').set(fresh).expect(200);
  });

  it('a lock ends tokens for good: after the unlock, a new sign-in is needed', async () => {
    await t.createUser({ username: 'office-kwok', name: 'Kwok Ming', role: 'innovation_office' });
    const before = await login('office-kwok', 'office-kwok-password');
    expect(await codeOf(before)).toBe(200);
    await request(t.http).post('/admin/users/office-kwok/lock').set(ADMIN).send({ reason: 'Laptop stolen' }).expect(200);
    expect(await codeOf(before)).toBe('account_locked');
    await request(t.http).post('/admin/users/office-kwok/unlock').set(ADMIN).send({ reason: 'Laptop recovered' }).expect(200);
    expect(await codeOf(before)).toBe('token_revoked');
    expect(await codeOf(await login('office-kwok', 'office-kwok-password'))).toBe(200);
  });

  it('a second account of a person must carry the person’s name (409 person_name_mismatch), compared as person ids', async () => {
    const shadow = (personId: string, name: string) =>
      request(t.http).post('/admin/users').set(ADMIN).send({ username: `shadow-${name.length}-${personId.length}`, personId, name, role: 'management', initialPassword: 'initial-password-1' });
    const refused = await shadow('office-li', 'Someone Else').expect(409);
    expect(refused.body).toMatchObject({ code: 'person_name_mismatch', personId: 'office-li', name: 'Li Na' });
    expect((await shadow('Office-Li', 'Someone Else Again').expect(409)).body.code).toBe('person_name_mismatch');
    const { rows } = await t.database.db.query(`SELECT 1 FROM events WHERE stream_id LIKE 'user-shadow-%'`);
    expect(rows).toHaveLength(0);
    const accepted = await shadow('office-li', 'Li Na').expect(201);
    expect(accepted.body.user).toMatchObject({ personId: 'office-li', name: 'Li Na', role: 'management' });
  });
});
