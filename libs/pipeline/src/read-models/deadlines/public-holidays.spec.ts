import { addPeriod, isWorkingDay, nextWorkingDay } from '../../domain';
import { HOLIDAY_YEARS, holidayTableOf, parseHolidayFile, PUBLIC_HOLIDAYS, withOfficeYears } from './public-holidays';

const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('public holidays per jurisdiction (working days)', () => {
  it('has CN, SG and ID for 2026 and 2027, each year citing its source, working weekends only on weekends', () => {
    for (const j of ['CN', 'SG', 'ID']) {
      for (const year of [2026, 2027]) {
        const y = HOLIDAY_YEARS.find((h) => h.jurisdiction === j && h.year === year);
        expect(y).toBeDefined();
        expect(y!.source.length).toBeGreaterThan(10);
        for (const d of [...y!.closed, ...(y!.workingWeekends ?? [])]) expect(d.startsWith(`${year}-`)).toBe(true);
        for (const d of y!.workingWeekends ?? []) expect([0, 6]).toContain(weekday(d));
      }
    }
  });

  it('given China’s 2026 arrangement, when counting, then the Spring Festival week is closed and its make-up Saturdays are working days', () => {
    // Saturday 14 February and Saturday 28 February 2026 are worked; 15-23 February are closed.
    expect(isWorkingDay('2026-02-14', 'CN', PUBLIC_HOLIDAYS)).toBe(true);
    expect(isWorkingDay('2026-02-28', 'CN', PUBLIC_HOLIDAYS)).toBe(true);
    expect(isWorkingDay('2026-02-16', 'CN', PUBLIC_HOLIDAYS)).toBe(false);
    expect(isWorkingDay('2026-02-23', 'CN', PUBLIC_HOLIDAYS)).toBe(false);
    // Another jurisdiction's calendar: Saturday stays a weekend, Monday 16 February an ordinary day in the US.
    expect(isWorkingDay('2026-02-14', 'SG', PUBLIC_HOLIDAYS)).toBe(false);
    expect(isWorkingDay('2026-02-16', 'SG', PUBLIC_HOLIDAYS)).toBe(true);
    // A patent deadline falling in the holiday moves to the first working day after it: Tuesday 24 February.
    expect(nextWorkingDay('2026-02-15', 'CN', PUBLIC_HOLIDAYS)).toBe('2026-02-24');
    // 5 working days from Thursday 12 February 2026: Fri 13, Sat 14 (worked), then 24, 25, 26 February.
    expect(addPeriod('2026-02-12', { workingDays: 5 }, 'CN', PUBLIC_HOLIDAYS)).toBe('2026-02-26');
    // National Day: Sunday 20 September is worked, 1-7 October closed, Saturday 10 October worked.
    expect(addPeriod('2026-09-30', { workingDays: 2 }, 'CN', PUBLIC_HOLIDAYS)).toBe('2026-10-09');
    expect(addPeriod('2026-09-30', { workingDays: 3 }, 'CN', PUBLIC_HOLIDAYS)).toBe('2026-10-10');
  });

  it('given Indonesia 2026, when counting, then national holidays and cuti bersama are closed (Idul Fitri week: 18-24 March)', () => {
    // Tuesday 17 March + 1 working day: 18 (cuti bersama), 19 (Nyepi), 20 (cuti bersama), weekend, 23, 24 (cuti bersama) → 25.
    expect(addPeriod('2026-03-17', { workingDays: 1 }, 'ID', PUBLIC_HOLIDAYS)).toBe('2026-03-25');
    expect(isWorkingDay('2026-08-17', 'ID', PUBLIC_HOLIDAYS)).toBe(false);
  });

  it('given Singapore 2026, when a holiday fell on a Sunday, then the Monday after is closed', () => {
    // National Day Sunday 9 August → Monday 10 August; Deepavali Sunday 8 November → Monday 9 November.
    expect(nextWorkingDay('2026-08-09', 'SG', PUBLIC_HOLIDAYS)).toBe('2026-08-11');
    expect(nextWorkingDay('2026-11-08', 'SG', PUBLIC_HOLIDAYS)).toBe('2026-11-10');
  });

  it('given an office’s file, when it names a year, then that year replaces the built-in one and others stay', () => {
    const office = parseHolidayFile(
      JSON.stringify([{ jurisdiction: 'CN', year: 2027, closed: ['2027-02-05', '2027-02-08', '2027-02-09'], workingWeekends: ['2027-02-20'], source: 'our notice' }]),
    );
    const table = holidayTableOf(withOfficeYears(HOLIDAY_YEARS, office));
    expect(isWorkingDay('2027-02-09', 'CN', table)).toBe(false);
    expect(isWorkingDay('2027-02-20', 'CN', table)).toBe(true);
    // The built-in 2027 year's other days are gone (replaced), 2026 stays.
    expect(isWorkingDay('2027-10-01', 'CN', table)).toBe(true);
    expect(isWorkingDay('2026-02-16', 'CN', table)).toBe(false);
  });

  it('refuses a file that is not a list of years with dates in that year and real weekend working days', () => {
    expect(() => parseHolidayFile('{')).toThrow(/not JSON/);
    expect(() => parseHolidayFile('{}')).toThrow(/JSON array/);
    expect(() => parseHolidayFile('[{"jurisdiction":"China","year":2027,"closed":[]}]')).toThrow(/two-letter/);
    expect(() => parseHolidayFile('[{"jurisdiction":"CN","year":2027,"closed":["2026-01-01"]}]')).toThrow(/in 2027/);
    expect(() => parseHolidayFile('[{"jurisdiction":"CN","year":2027,"closed":[],"workingWeekends":["2027-02-22"]}]')).toThrow(/not a Saturday or Sunday/);
  });

  it('keeps a plain list of closed days working as before (no working weekends)', () => {
    expect(isWorkingDay('2026-02-14', 'CN', { CN: ['2026-02-16'] })).toBe(false);
    expect(isWorkingDay('2026-02-16', 'CN', { CN: ['2026-02-16'] })).toBe(false);
  });
});
