import { reminderHorizon } from './reminder-scheduler';

describe('reminderHorizon', () => {
  const prefs = { deadlineHorizonDays: [30, 7, 1], overdue: true };

  it('gives the nearest chosen horizon reached, so a late-seen deadline skips the far ones', () => {
    expect([40, 31, 30, 8, 7, 5, 2, 1, 0].map((d) => reminderHorizon(d, prefs))).toEqual([null, null, '30', '30', '7', '7', '7', '1', '1']);
  });

  it('says overdue once past the due date, unless the account turned it off; nothing without horizons', () => {
    expect(reminderHorizon(-1, prefs)).toBe('overdue');
    expect(reminderHorizon(-1, { ...prefs, overdue: false })).toBeNull();
    expect(reminderHorizon(3, { deadlineHorizonDays: [], overdue: true })).toBeNull();
    expect(reminderHorizon(3, { deadlineHorizonDays: [14, 1], overdue: true })).toBe('14');
  });
});
