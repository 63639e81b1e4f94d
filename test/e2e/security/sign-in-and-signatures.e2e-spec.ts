import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { ADMIN, LEAD, MANAGER, OFFICE, OFFICE_PASSWORD, startTestApp, TestApp } from '../support/test-app';

describe('sign-in, accounts and signatures (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '5', AUTH_USER_CACHE_MS: '0' });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => request(t.http).post('/auth/login').send({ username, password });

  it('signs in with user name and password, and the token works', async () => {
    const res = await login('office-li', OFFICE_PASSWORD).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, mustChangePassword: false });
    const me = await request(t.http).get('/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toEqual({ username: 'office-li', actor: { id: 'office-li', name: 'Li Na', role: 'innovation_office' }, mode: 'builtin', mustChangePassword: false });
    await request(t.http).get('/auth/me').set('Authorization', `Bearer ${res.body.accessToken}x`).expect(401);
  });

  it('refuses a wrong password and an unknown user alike, and rate-limits attempts', async () => {
    expect((await login('mgr-wong', 'not-the-password').expect(401)).body.code).toBe('invalid_credentials');
    expect((await login('no-such-user', 'not-the-password').expect(401)).body.code).toBe('invalid_credentials');
    for (let i = 0; i < 4; i++) await login('mgr-wong', 'still-not-it');
    const limited = await login('mgr-wong', 'mgr-wong-password').expect(429);
    expect(limited.body.code).toBe('too_many_attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same client is counted apart.
    await login('dr-chen', 'dr-chen-password').expect(200);
  });

  it('the bootstrap admin signs in with its configured password', async () => {
    const res = await login('admin', 'bootstrap-admin-password').expect(200);
    expect(res.body.mustChangePassword).toBe(false);
    const me = await request(t.http).get('/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.actor.role).toBe('admin');
  });

  it('an admin creates an account; the user must change the initial password before anything else', async () => {
    const created = await request(t.http)
      .post('/admin/users')
      .set(ADMIN)
      .send({ username: 'dr-tan', name: 'Dr. Tan Mei', role: 'clinician', initialPassword: 'initial-password-1' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'dr-tan', revision: 0, events: [{ type: 'UserCreated' }], user: { role: 'clinician', status: 'active', mustChangePassword: true } });

    const first = await login('dr-tan', 'initial-password-1').expect(200);
    expect(first.body.mustChangePassword).toBe(true);
    const bearer = { Authorization: `Bearer ${first.body.accessToken}` };
    expect((await request(t.http).get('/projects').set(bearer).expect(403)).body.code).toBe('password_change_required');
    const changed = await request(t.http).post('/auth/password').set(bearer).send({ currentPassword: 'initial-password-1', newPassword: 'my-own-password-2' }).expect(200);
    expect(changed.body.mustChangePassword).toBe(false);
    await request(t.http).get('/projects').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
    await login('dr-tan', 'initial-password-1').expect(401);
    await login('dr-tan', 'my-own-password-2').expect(200);
  });

  it('records every account change as an event on user-<username>, with the admin as actor', async () => {
    await request(t.http).post('/admin/users').set(ADMIN).send({ username: 'eng-wu', name: 'Wu Jun', role: 'clinician', initialPassword: 'initial-password-1' }).expect(201);
    const projectId = randomUUID();
    await request(t.http).post('/admin/users/eng-wu/role').set(ADMIN).send({ role: 'management', reason: 'Moved to the steering board' }).expect(200);
    await request(t.http).post('/admin/users/eng-wu/projects').set(ADMIN).send({ projectId }).expect(200);
    await request(t.http).post(`/admin/users/eng-wu/projects/${projectId}/removal`).set(ADMIN).send({}).expect(200);
    await request(t.http).post('/admin/users/eng-wu/lock').set(ADMIN).send({ reason: 'Left the hospital' }).expect(200);
    await request(t.http).post('/admin/users/eng-wu/unlock').set(ADMIN).send({}).expect(200);
    await request(t.http).post('/admin/users/eng-wu/password').set(ADMIN).send({ password: 'reset-password-3' }).expect(200);
    await request(t.http).post('/admin/users/eng-wu/lock').set(ADMIN).send({}).expect(400);
    expect((await request(t.http).post('/admin/users/nobody/lock').set(ADMIN).send({ reason: 'x' }).expect(404)).body.code).toBe('user_not_found');

    const { rows } = await t.database.db.query<{ type: string; actor: string; data: Record<string, unknown> }>(
      `SELECT type, metadata -> 'actor' ->> 'id' AS actor, data FROM events WHERE stream_id = 'user-eng-wu' ORDER BY stream_revision`,
    );
    expect(rows.map((r) => r.type)).toEqual([
      'UserCreated',
      'UserRoleChanged',
      'UserAssignedToProject',
      'UserUnassignedFromProject',
      'UserLocked',
      'UserUnlocked',
      'UserPasswordChanged',
    ]);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['ops-root']));
    // No credential ever enters the record.
    expect(JSON.stringify(rows)).not.toMatch(/argon2|initial-password|reset-password/);
    const user = (await request(t.http).get('/admin/users/eng-wu').set(ADMIN).expect(200)).body;
    expect(user).toMatchObject({ role: 'management', status: 'active', projects: [], mustChangePassword: true, revision: 6 });
  });

  it('a locked user’s token stops working, for good; unlocked, the user signs in again', async () => {
    const account = await t.createUser({ username: 'office-zhao', name: 'Zhao Min', role: 'innovation_office' });
    await request(t.http).get('/projects').set(account).expect(200);
    await request(t.http).post('/admin/users/office-zhao/lock').set(ADMIN).send({ reason: 'Suspected credential leak' }).expect(200);
    expect((await request(t.http).get('/projects').set(account).expect(401)).body.code).toBe('account_locked');
    expect((await login('office-zhao', 'office-zhao-password').expect(401)).body.code).toBe('account_locked');
    await request(t.http).post('/admin/users/office-zhao/unlock').set(ADMIN).send({ reason: 'Password rotated' }).expect(200);
    expect((await request(t.http).get('/projects').set(account).expect(401)).body.code).toBe('token_revoked');
    const again = await login('office-zhao', 'office-zhao-password').expect(200);
    await request(t.http).get('/projects').set('Authorization', `Bearer ${again.body.accessToken}`).expect(200);
  });

  it('a role change takes effect on the next request with the same token', async () => {
    const account = await t.createUser({ username: 'mgr-lim', name: 'Lim Wei', role: 'management' });
    await request(t.http).post('/projects').set(account).send(glucoseDetectorProposal()).expect(403);
    await request(t.http).post('/admin/users/mgr-lim/role').set(ADMIN).send({ role: 'innovation_office', reason: 'Joined the office' }).expect(200);
    const res = await request(t.http).post('/projects').set(account).send(glucoseDetectorProposal()).expect(201);
    const history = (await request(t.http).get(`/projects/${res.body.projectId}/history`).set(MANAGER).expect(200)).body;
    expect(history.events[0].actor).toMatchObject({ id: 'mgr-lim', name: 'Lim Wei', role: 'innovation_office' });
  });

  describe('gate decisions are electronic signatures', () => {
    let projectId: string;
    const disclosure = { title: 'Fingertip NIR glucose sensing', summary: 'Two-wavelength absorption', inventors: ['Dr. Chen Wei'], disclosedOn: '2026-01-12' };
    const signature = (extra: object = {}) => ({ meaning: 'approved to advance', printedName: 'Li Na', ...extra });
    const eventCount = async () => Number((await t.database.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);

    beforeAll(async () => {
      const res = await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201);
      projectId = res.body.projectId;
    });
    // A signature names the revision on the signer's screen (If-Match).
    const gate = (body: object, revision: number) =>
      request(t.http).post(`/projects/${projectId}/gate-decisions`).set({ ...OFFICE, 'If-Match': `"${revision}"` }).send(body);
    const userEvents = async (username: string) =>
      (await t.database.db.query<{ type: string; data: object }>('SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_revision', [`user-${username}`])).rows;

    it('refuses a signature without the signer’s password, or with a wrong one, and writes nothing but the failed attempt on the signer’s record', async () => {
      const before = await eventCount();
      expect((await gate({ decision: 'hold', reason: 'Funding', signature: signature() }, 0).expect(401)).body.code).toBe('signature_authentication_failed');
      expect((await gate({ decision: 'hold', reason: 'Funding', signature: signature({ password: 'dr-chen-password' }) }, 0).expect(401)).body.code).toBe(
        'signature_authentication_failed',
      );
      expect(await eventCount()).toBe(before + 1);
      expect((await userEvents('office-li')).at(-1)).toEqual({ type: 'UserSignatureFailed', data: { username: 'office-li', projectId, reason: 'wrong_password' } });
    });

    it('records printed name, role, meaning, time, signed revision and the content hash; the password is not recorded', async () => {
      const recorded = await request(t.http).post(`/projects/${projectId}/invention-disclosures`).set(OFFICE).send(disclosure).expect(200);
      const disclosureId = String(recorded.headers.location).split('/').pop();
      await gate({ decision: 'go', signature: signature({ password: OFFICE_PASSWORD }) }, 1).expect(200);

      const history = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body;
      const advanced = history.events.find((e: { type: string }) => e.type === 'StageAdvanced');
      expect(advanced.data.signature).toMatchObject({
        signerId: 'office-li',
        printedName: 'Li Na',
        role: 'innovation_office',
        meaning: 'approved to advance',
        signedAt: expect.any(String),
        signedRevision: 1,
        contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
      expect(JSON.stringify(history)).not.toContain(OFFICE_PASSWORD);
      expect(advanced.signatureStatus).toEqual({ superseded: false, supersededBy: [], contentHash: advanced.data.signature.contentHash, contentHashMatches: true });

      // A later correction of the disclosure the signature covered supersedes the signature.
      const correction = await request(t.http)
        .post(`/projects/${projectId}/corrections`)
        .set(OFFICE)
        .send({ target: { kind: 'invention_disclosure', id: disclosureId }, field: 'disclosedOn', oldValue: '2026-01-12', newValue: '2026-01-21', reason: 'Date misread from the form' })
        .expect(200);
      const after = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body;
      const signed = after.events.find((e: { type: string }) => e.type === 'StageAdvanced');
      expect(signed.signatureStatus).toMatchObject({
        superseded: true,
        supersededBy: [{ eventId: correction.body.events[0].eventId, type: 'RecordCorrected', target: { kind: 'invention_disclosure', id: disclosureId } }],
        contentHashMatches: true,
      });
    });

    it('does not supersede a signature for a record added after it was signed', async () => {
      const filed = await request(t.http)
        .post(`/projects/${projectId}/patents`)
        .set(OFFICE)
        .send({ title: 'Optical glucose meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN1', filedOn: '2026-02-03' })
        .expect(200);
      const patentId = String(filed.headers.location).split('/').pop();
      await request(t.http)
        .post(`/projects/${projectId}/corrections`)
        .set(OFFICE)
        .send({ target: { kind: 'patent', id: patentId }, field: 'applicationNumber', oldValue: 'CN1', newValue: 'CN202610123456.7', reason: 'Typo' })
        .expect(200);
      const history = (await request(t.http).get(`/projects/${projectId}/history`).set(MANAGER).expect(200)).body;
      const signed = history.events.find((e: { type: string }) => e.type === 'StageAdvanced');
      expect(signed.signatureStatus.supersededBy).toHaveLength(1);
    });

    it('only the innovation office signs: a clinician and management are refused before any password check', async () => {
      await request(t.http).post(`/projects/${projectId}/gate-decisions`).set(LEAD).send({ decision: 'hold', reason: 'x', signature: signature() }).expect(403);
      await request(t.http).post(`/projects/${projectId}/gate-decisions`).set(MANAGER).send({ decision: 'hold', reason: 'x', signature: signature() }).expect(403);
    });
  });
});
