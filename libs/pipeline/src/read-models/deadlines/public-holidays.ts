import type { HolidayTable } from '../../domain';

/**
 * The public holidays the deadline read model counts with (weekdays only; weekends never count). Singapore's
 * from the Ministry of Manpower, the United States' federal holidays (the USPTO is closed: 35 U.S.C. 21(b)).
 * China moves working days onto weekends each year, so it is left to the office to add here. A change of this
 * table changes due dates: bump the deadlines projection's version so the read model is rebuilt.
 */
export const PUBLIC_HOLIDAYS: HolidayTable = {
  SG: [
    '2025-01-01', '2025-01-29', '2025-01-30', '2025-03-31', '2025-04-18', '2025-05-01', '2025-05-12', '2025-10-20', '2025-12-25',
    '2026-01-01', '2026-02-17', '2026-02-18', '2026-04-03', '2026-05-01', '2026-05-27', '2026-06-01', '2026-08-10', '2026-11-09', '2026-12-25',
  ],
  US: [
    '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25',
    '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
  ],
};
