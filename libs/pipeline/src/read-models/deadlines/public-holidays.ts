import { readFileSync } from 'node:fs';
import type { HolidayTable, JurisdictionCalendar } from '../../domain';

/**
 * One year of one jurisdiction's calendar: the weekdays its offices are closed, the weekend days they work instead
 * (China's adjusted working days), and where the dates come from. `provisional`: the government had not published the
 * year's official list when it was entered; the dates are the calendar's (lunar, Islamic, Saka) and must be checked
 * against the official list once it is out.
 */
export interface HolidayYear {
  jurisdiction: string;
  year: number;
  /** Closed days (weekend ones may be listed; weekends never count anyway). */
  closed: readonly string[];
  /** Saturdays and Sundays that are working days. */
  workingWeekends?: readonly string[];
  source: string;
  provisional?: boolean;
}

/**
 * The built-in calendars. A change of them changes due dates: bump the deadlines projection's version so the read
 * model is rebuilt. Offices add or correct years with PUBLIC_HOLIDAYS_FILE (below) without a release.
 */
export const HOLIDAY_YEARS: readonly HolidayYear[] = [
  {
    jurisdiction: 'CN',
    year: 2026,
    // 元旦 1-3 Jan (4 Jan worked); 春节 15-23 Feb (14 and 28 Feb worked); 清明 4-6 Apr; 劳动节 1-5 May (9 May worked);
    // 端午 19-21 Jun; 中秋 25-27 Sep; 国庆 1-7 Oct (20 Sep and 10 Oct worked).
    closed: [
      '2026-01-01', '2026-01-02', '2026-01-03',
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      '2026-04-04', '2026-04-05', '2026-04-06',
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      '2026-06-19', '2026-06-20', '2026-06-21',
      '2026-09-25', '2026-09-26', '2026-09-27',
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ],
    workingWeekends: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    source: '国务院办公厅关于2026年部分节假日安排的通知 (gov.cn/zhengce/zhengceku/202511/content_7047091.htm)',
  },
  {
    jurisdiction: 'CN',
    year: 2027,
    // The statutory days only: 元旦 1 Jan; 春节 除夕 to 初三 5-8 Feb; 清明 5 Apr; 劳动节 1-2 May; 端午 9 Jun; 中秋 15 Sep;
    // 国庆 1-3 Oct. The State Council's arrangement (bridging days, working weekends) is added when published.
    closed: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01'],
    source: '全国年节及纪念日放假办法 (State Council Decree No. 798, 2024) art. 2; lunar dates from the Chinese calendar',
    provisional: true,
  },
  {
    jurisdiction: 'SG',
    year: 2025,
    closed: ['2025-01-01', '2025-01-29', '2025-01-30', '2025-03-31', '2025-04-18', '2025-05-01', '2025-05-12', '2025-10-20', '2025-12-25'],
    source: 'Ministry of Manpower, Public holidays for 2025 (mom.gov.sg); Holidays Act 1998 (a Sunday holiday moves to the Monday)',
  },
  {
    jurisdiction: 'SG',
    year: 2026,
    // Hari Raya Puasa falls on Saturday 21 March (no weekday off).
    closed: ['2026-01-01', '2026-02-17', '2026-02-18', '2026-04-03', '2026-05-01', '2026-05-27', '2026-06-01', '2026-08-10', '2026-11-09', '2026-12-25'],
    source: 'Ministry of Manpower, Public holidays for 2026 (mom.gov.sg); Holidays Act 1998',
  },
  {
    jurisdiction: 'SG',
    year: 2027,
    // New Year 1 Jan; Chinese New Year 6-7 Feb (Sun → Mon 8 Feb); Hari Raya Puasa 9 Mar; Good Friday 26 Mar; Labour Day
    // Sat 1 May; Hari Raya Haji Sun 16 May (→ Mon 17 May); Vesak 20 May; National Day 9 Aug; Deepavali 28 Oct;
    // Christmas Sat 25 Dec.
    closed: ['2027-01-01', '2027-02-08', '2027-03-09', '2027-03-26', '2027-05-17', '2027-05-20', '2027-08-09', '2027-10-28'],
    source: 'Holidays Act 1998 (its Schedule; a Sunday holiday moves to the Monday); dates from the lunar, Islamic and Hindu calendars, to be checked against the Ministry of Manpower list for 2027',
    provisional: true,
  },
  {
    jurisdiction: 'ID',
    year: 2026,
    // Libur nasional on weekdays, then cuti bersama (government offices close: 16 Feb, 18 Mar, 20, 23, 24 Mar, 15 May,
    // 28 May, 24 Dec). Idul Fitri (21-22 Mar), Paskah (5 Apr) and Waisak (31 May) fall on weekends.
    closed: [
      '2026-01-01', '2026-01-16', '2026-02-17', '2026-03-19', '2026-04-03', '2026-05-01', '2026-05-14', '2026-05-27', '2026-06-01',
      '2026-06-16', '2026-08-17', '2026-08-25', '2026-12-25',
      '2026-02-16', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-05-15', '2026-05-28', '2026-12-24',
    ],
    source: 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497 Tahun 2025, No. 2 Tahun 2025, No. 5 Tahun 2025 (hari libur nasional dan cuti bersama 2026)',
  },
  {
    jurisdiction: 'ID',
    year: 2027,
    // Isra Mikraj 5 Jan; Imlek Sat 6 Feb; Nyepi 8 Mar; Idul Fitri 9-10 Mar; Wafat Yesus Kristus 26 Mar; Kenaikan 6 May;
    // Waisak 20 May; Idul Adha Sun 16 May; Pancasila 1 Jun; Tahun Baru Islam Sun 6 Jun; Kemerdekaan 17 Aug; Maulid Sat
    // 14 Aug; Natal Sat 25 Dec. No cuti bersama until the SKB for 2027 names them.
    closed: ['2027-01-01', '2027-01-05', '2027-03-08', '2027-03-09', '2027-03-10', '2027-03-26', '2027-05-06', '2027-05-20', '2027-06-01', '2027-08-17'],
    source: 'Dates from the Islamic, Saka and lunar calendars (the national holidays of the SKB for 2026), to be checked against the SKB 3 Menteri for 2027',
    provisional: true,
  },
  {
    jurisdiction: 'US',
    year: 2025,
    closed: ['2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25'],
    source: '5 U.S.C. 6103 (federal holidays; the USPTO is closed: 35 U.S.C. 21(b))',
  },
  {
    jurisdiction: 'US',
    year: 2026,
    closed: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25'],
    source: '5 U.S.C. 6103; Executive Order 11582 (Friday 3 July for Saturday 4 July)',
  },
];

/** The years merged into one table per jurisdiction (closed days and working weekends each a union). */
export function holidayTableOf(years: readonly HolidayYear[]): Record<string, JurisdictionCalendar> {
  const table: Record<string, { closed: Set<string>; workingWeekends: Set<string> }> = {};
  for (const y of years) {
    const entry = (table[y.jurisdiction] ??= { closed: new Set(), workingWeekends: new Set() });
    for (const d of y.closed) entry.closed.add(d);
    for (const d of y.workingWeekends ?? []) entry.workingWeekends.add(d);
  }
  return Object.fromEntries(
    Object.entries(table).map(([j, e]) => [j, { closed: [...e.closed].sort(), workingWeekends: [...e.workingWeekends].sort() }]),
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An office's own years (PUBLIC_HOLIDAYS_FILE): a JSON array of { jurisdiction, year, closed, workingWeekends?,
 * source }. A year given there replaces the built-in one of the same jurisdiction and year. Throws naming the problem.
 */
export function parseHolidayFile(text: string, name = 'PUBLIC_HOLIDAYS_FILE'): HolidayYear[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name}: not JSON (${(error as Error).message})`, { cause: error });
  }
  if (!Array.isArray(json)) throw new Error(`${name}: must be a JSON array of { jurisdiction, year, closed, workingWeekends?, source }`);
  return json.map((raw: unknown, i) => {
    const y = raw as Partial<HolidayYear>;
    const where = `${name}[${i}]`;
    if (typeof y?.jurisdiction !== 'string' || !/^[A-Z]{2}$/.test(y.jurisdiction)) throw new Error(`${where}: jurisdiction must be a two-letter code such as CN`);
    if (!Number.isInteger(y.year)) throw new Error(`${where}: year must be a number`);
    for (const field of ['closed', 'workingWeekends'] as const) {
      const list = y[field] ?? [];
      if (!Array.isArray(list) || list.some((d) => typeof d !== 'string' || !DATE.test(d) || !d.startsWith(`${y.year}-`) || Number.isNaN(Date.parse(d)))) {
        throw new Error(`${where}: ${field} must be a list of dates (YYYY-MM-DD) in ${y.year}`);
      }
    }
    if (!Array.isArray(y.closed)) throw new Error(`${where}: closed is required`);
    for (const d of y.workingWeekends ?? []) {
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) throw new Error(`${where}: ${d} in workingWeekends is not a Saturday or Sunday`);
    }
    return { jurisdiction: y.jurisdiction, year: y.year!, closed: y.closed, workingWeekends: y.workingWeekends ?? [], source: String(y.source ?? name) };
  });
}

/** The built-in years with the office's file's years in place of the same jurisdiction and year. */
export function withOfficeYears(builtIn: readonly HolidayYear[], office: readonly HolidayYear[]): HolidayYear[] {
  const replaced = new Set(office.map((y) => `${y.jurisdiction}/${y.year}`));
  return [...builtIn.filter((y) => !replaced.has(`${y.jurisdiction}/${y.year}`)), ...office];
}

function officeYears(): HolidayYear[] {
  const file = process.env.PUBLIC_HOLIDAYS_FILE;
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`PUBLIC_HOLIDAYS_FILE: cannot read ${file} (${(error as Error).message})`, { cause: error });
  }
  return parseHolidayFile(text);
}

/**
 * The table the deadline read model counts with: the built-in years plus PUBLIC_HOLIDAYS_FILE, read once when the
 * process starts (a bad file stops it with a message). After changing the file, rebuild the deadlines read model
 * (`POST /admin/projections/deadlines/rebuild`).
 */
export const PUBLIC_HOLIDAYS: HolidayTable = holidayTableOf(withOfficeYears(HOLIDAY_YEARS, officeYears()));
