import request from 'supertest';
import { ADMIN, LEAD, MANAGER, OFFICE, startTestApp, TestApp } from '../support/test-app';

// GET /people?role=clinician: whom the propose form offers as lead clinician (office and admin only).
describe('people who may lead a project (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_USER_CACHE_MS: '0' });
    // A second account of the same person is listed once; a locked clinician is not offered.
    await t.createUser({ username: 'dr-chen-2', personId: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician' });
    await t.createUser({ username: 'dr-gone', name: 'Dr. Gone Away', role: 'clinician' });
    await request(t.http).post('/admin/users/dr-gone/lock').set(ADMIN).send({ reason: 'Left the hospital' }).expect(200);
    await t.createUser({ username: 'dr-abe', name: 'Dr. Abe Lin', role: 'clinician' });
  }, 60_000);
  afterAll(() => t.close());

  it('lists each active clinician once, by name, with the person id a proposal names', async () => {
    const res = await request(t.http).get('/people?role=clinician').set(OFFICE).expect(200);
    expect(res.body.people).toEqual([
      { personId: 'dr-abe', name: 'Dr. Abe Lin' },
      { personId: 'dr-chen', name: 'Dr. Chen Wei' },
    ]);
    expect((await request(t.http).get('/people?role=clinician').set(ADMIN).expect(200)).body.people).toHaveLength(2);
  });

  it('is the office’s and the admin’s: others get 403; another role or none is a 400', async () => {
    await request(t.http).get('/people?role=clinician').set(LEAD).expect(403);
    await request(t.http).get('/people?role=clinician').set(MANAGER).expect(403);
    for (const bad of ['/people', '/people?role=admin', '/people?role=clinician&extra=1']) {
      const res = await request(t.http).get(bad).set(OFFICE);
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 400, code: 'validation_failed' });
    }
  });
});
