import { jest } from '@jest/globals';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

// First start on an empty user table, no BOOTSTRAP_ADMIN_PASSWORD: a one-time password, printed once, to stdout.
describe('bootstrap admin (e2e)', () => {
  let t: TestApp;
  let printed = '';

  beforeAll(async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    try {
      t = await startTestApp({ BOOTSTRAP_ADMIN_PASSWORD: '' });
    } finally {
      write.mockRestore();
    }
  });
  afterAll(() => t.close());

  it('prints the one-time password once; it must be changed before anything else', async () => {
    const match = /User name: admin\s+One-time password: (\S+)/.exec(printed);
    expect(match).not.toBeNull();
    expect(printed.match(/One-time password/g)).toHaveLength(1);
    const login = await request(t.http).post('/auth/login').send({ username: 'admin', password: match![1] }).expect(200);
    expect(login.body.mustChangePassword).toBe(true);
    const first = { Authorization: `Bearer ${login.body.accessToken}` };
    expect((await request(t.http).get('/admin/users').set(first).expect(403)).body.code).toBe('password_change_required');
    const changed = await request(t.http).post('/auth/password').set(first).send({ currentPassword: match![1], newPassword: 'a-password-of-my-own' }).expect(200);
    await request(t.http).get('/admin/users').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
    // The password is in no table and no event, only its argon2id hash.
    const { rows } = await t.database.db.query<{ hash: string }>(`SELECT password_hash AS hash FROM auth_users WHERE username = 'admin'`);
    expect(rows[0].hash).toMatch(/^\$argon2id\$/);
  });
});
