import { createHash } from 'node:crypto';
import request from 'supertest';
import { glucoseDetectorProposal } from '../support/fixtures';
import { ADMIN, LEAD, MANAGER, OFFICE, startTestApp, TestApp } from '../support/test-app';

// Each user's secret iCalendar feed of deadlines: made, read without a token, rotated, revoked; only its hash is kept.
describe('iCalendar feed of deadlines (e2e)', () => {
  let t: TestApp;
  let projectId: string;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    projectId = (await request(t.http).post('/projects').set(OFFICE).send(glucoseDetectorProposal()).expect(201)).body.projectId;
    const patent = await request(t.http)
      .post(`/projects/${projectId}/patents`)
      .set(OFFICE)
      .send({ title: 'Optical glucose meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610123456.7', filedOn: '2026-02-03' })
      .expect(200);
    await request(t.http).get(`/deadlines?position=${patent.body.globalPosition}`).set(MANAGER).expect(200);
  }, 60_000);
  afterAll(() => t.close());

  it('serves the lead clinician’s deadlines at a secret URL, without a token; the table holds only its hash', async () => {
    const made = await request(t.http).post('/me/calendar-feed').set(LEAD).expect(201);
    expect(made.body.url).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const secret = made.body.url.slice('/calendar/'.length, -'.ics'.length);
    const feed = await request(t.http).get(made.body.url).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.headers['cache-control']).toBe('private, no-store');
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).toContain(`UID:${projectId}/priority_year:`);
    expect(feed.text).toContain('DTSTART;VALUE=DATE:20270203');
    const { rows } = await t.database.db.query<{ secret_hash: string }>('SELECT secret_hash FROM calendar_feeds');
    expect(rows).toEqual([{ secret_hash: createHash('sha256').update(secret).digest('hex') }]);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('rotating replaces the URL, revoking ends it; a made-up secret is a 404', async () => {
    const first = (await request(t.http).post('/me/calendar-feed').set(MANAGER).expect(201)).body.url;
    const second = (await request(t.http).post('/me/calendar-feed').set(MANAGER).expect(201)).body.url;
    expect(second).not.toBe(first);
    await request(t.http).get(first).expect(404);
    expect((await request(t.http).get(second).expect(200)).text).toContain(`UID:${projectId}/priority_year:`);
    await request(t.http).post('/me/calendar-feed/revocation').set(MANAGER).expect(204);
    await request(t.http).get(second).expect(404);
    await request(t.http).get(`/calendar/${'A'.repeat(43)}.ics`).expect(404);
    await request(t.http).get('/calendar/not-a-secret.ics').expect(404);
  });

  it('a clinician not on the team sees none of the project’s deadlines', async () => {
    const other = await t.createUser({ username: 'dr-wong', name: 'Dr. Wong Kai', role: 'clinician' });
    const url = (await request(t.http).post('/me/calendar-feed').set(other).expect(201)).body.url;
    const feed = await request(t.http).get(url).expect(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).not.toContain(projectId);
  });

  it('stops answering once its account is locked', async () => {
    const nurse = await t.createUser({ username: 'rn-lim', name: 'Lim Hui', role: 'clinician' });
    const url = (await request(t.http).post('/me/calendar-feed').set(nurse).expect(201)).body.url;
    await request(t.http).get(url).expect(200);
    await request(t.http).post('/admin/users/rn-lim/lock').set(ADMIN).send({ reason: 'Left the hospital' }).expect(200);
    await request(t.http).get(url).expect(404);
  });
});
