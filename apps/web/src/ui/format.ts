import { useTranslation } from 'react-i18next';
import { intlLocale, marked } from '../i18n';

// Dates, numbers, durations and relative times in the current language (Intl). Every function reads the
// language at call time; a component that formats should call `useFormat()` (or `useTranslation()`) so it draws
// again when the language changes. In the test-only pseudo-locale each result is wrapped in ⟦…⟧.
const DASH = '—';
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: (locale: string) => T): T {
  const locale = intlLocale();
  const k = `${locale}|${key}`;
  let f = cache.get(k) as T | undefined;
  if (!f) cache.set(k, (f = make(locale)));
  return f;
}

/** A calendar date (4 Dec 2026 · 2026年12月4日 · 4 Des 2026). A date-only value (2026-12-04) is that day, not UTC midnight shifted. */
export const fmtDate = (iso: string | null | undefined): string => {
  if (!iso) return DASH;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const f = cached(`date${dateOnly ? 'utc' : ''}`, (l) => new Intl.DateTimeFormat(l, { year: 'numeric', month: 'short', day: 'numeric', ...(dateOnly ? { timeZone: 'UTC' } : {}) }));
  return marked(f.format(new Date(iso)));
};

/** A moment: date and time to the minute. */
export const fmtDateTime = (iso: string | null | undefined): string =>
  iso ? marked(cached('datetime', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso))) : DASH;

/** A whole number or a decimal, grouped as the locale groups. */
export const fmtNumber = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined ? DASH : marked(cached(`num${digits}`, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: digits })).format(n));

/** A share (0.42 → 42%). */
export const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? DASH : marked(cached('pct', (l) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 0 })).format(x));

/** A duration in days (3 days · 3天 · 3 hr); under a day reads as "<1 day". */
export const fmtDays = (days: number | null | undefined): string => {
  if (days === null || days === undefined) return DASH;
  const f = cached('days', (l) => new Intl.NumberFormat(l, { style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 0 }));
  return marked(days < 1 ? `<${f.format(1)}` : f.format(Math.round(days)));
};

/** How long ago or how far ahead (3 days ago · 3天前 · 3 hari yang lalu), in the largest unit that fits. */
export const fmtRelative = (iso: string | null | undefined, now = Date.now()): string => {
  if (!iso) return DASH;
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const f = cached('rel', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3_600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return marked(f.format(Math.round(seconds / size), unit));
  return marked(f.format(Math.round(seconds), 'second'));
};

/** A list joined as the language joins lists (a, b and c · a、b和c · a, b, dan c). */
export const fmtList = (items: string[]): string =>
  items.length ? marked(new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(items)) : DASH;

export const daysSince = (iso: string | null | undefined, now = Date.now()): number | null =>
  iso ? (now - new Date(iso).getTime()) / 86_400_000 : null;

/** The formatters, re-drawn when the language changes: `const f = useFormat(); f.date(iso)`. */
export function useFormat() {
  const { i18n } = useTranslation();
  return { language: i18n.language, date: fmtDate, dateTime: fmtDateTime, number: fmtNumber, pct, days: fmtDays, relative: fmtRelative, list: fmtList };
}
