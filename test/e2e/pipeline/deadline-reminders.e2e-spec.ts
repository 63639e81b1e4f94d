import request from 'supertest';
import { addDays, ReminderScheduler } from '@app/pipeline';
import { proposeProject } from '../support/fixtures';
import { LEAD, LEAD_AS_OFFICE, MANAGER, OFFICE, startTestApp, TestApp } from '../support/test-app';

// Deadline reminders by a scheduler whose clock the test moves (issue 16): each horizon reminds each account once.
describe('deadline reminders (e2e)', () => {
  let t: TestApp;
  let project: string;
  let dueOn: string;
  let today = '';
  const clock = { now: () => new Date(`${today}T09:00:00.000Z`) };

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'true' });
    project = await proposeProject(t.http);
    // Filed a week ago by the machine's clock: the priority year is about a year away, beyond any horizon today.
    const filedOn = addDays(new Date().toISOString().slice(0, 10), -7);
    const filed = await request(t.http)
      .post(`/projects/${project}/patents`)
      .set(OFFICE)
      .send({ title: 'Optical glucose meter', jurisdiction: 'CN', kind: 'invention', applicationNumber: 'CN202610123456.7', filedOn })
      .expect(200);
    const deadlines = await request(t.http).get(`/projects/${project}/deadlines`).query({ position: filed.body.globalPosition }).set(MANAGER).expect(200);
    dueOn = deadlines.body.items.find((d: { kind: string }) => d.kind === 'priority_year').dueOn;
  }, 60_000);
  afterAll(() => t.close());

  const reminders = async (headers: Record<string, string>) =>
    (await request(t.http).get('/me/notifications').set(headers).expect(200)).body.items
      .filter((n: { kind: string }) => n.kind === 'deadline_reminder')
      .map((n: { title: string }) => n.title);

  it('reminds the project’s people at 30, 7 and 1 days and when overdue, each once, as each account chose', async () => {
    const scheduler = new ReminderScheduler(t.database.db, clock);
    today = addDays(dueOn, -40);
    expect(await scheduler.runOnce()).toBe(0);

    // dr-chen leads the project and has two accounts (clinician and office): each is reminded.
    today = addDays(dueOn, -30);
    expect(await scheduler.runOnce()).toBe(2);
    expect(await scheduler.runOnce()).toBe(0);
    expect(await reminders(LEAD)).toEqual([expect.stringMatching(/^Deadline in 30 days: /)]);
    expect(await reminders(MANAGER)).toEqual([]);

    // Days later the 30-day reminder is not made again; a restarted scheduler makes nothing twice either.
    today = addDays(dueOn, -20);
    expect(await new ReminderScheduler(t.database.db, clock).runOnce()).toBe(0);

    today = addDays(dueOn, -6);
    expect(await scheduler.runOnce()).toBe(2);
    await request(t.http).post('/me/notification-preferences').set(LEAD).send({ deadlineHorizonDays: [1], overdue: false }).expect(200);
    await request(t.http).post('/me/notification-preferences').set(LEAD_AS_OFFICE).send({ kinds: ['gate_decision'] }).expect(200);
    today = addDays(dueOn, -1);
    expect(await scheduler.runOnce()).toBe(1);
    today = addDays(dueOn, 3);
    expect(await scheduler.runOnce()).toBe(0);
    await request(t.http).post('/me/notification-preferences').set(LEAD).send({ overdue: true }).expect(200);
    expect(await scheduler.runOnce()).toBe(1);
    expect(await scheduler.runOnce()).toBe(0);

    expect(await reminders(LEAD)).toEqual([
      expect.stringMatching(/^Overdue: /),
      expect.stringMatching(/^Deadline in 1 day: /),
      expect.stringMatching(/^Deadline in 6 days: /),
      expect.stringMatching(/^Deadline in 30 days: /),
    ]);
    // The office account turned reminders off: it sees none of its own now.
    expect(await reminders(LEAD_AS_OFFICE)).toEqual([]);
  });
});
