// Dates and durations as the dashboard shows them.
export const fmtDate = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '—';
export const fmtDateTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');
export const fmtDays = (days: number | null | undefined): string =>
  days === null || days === undefined ? '—' : days < 1 ? '<1 d' : `${Math.round(days)} d`;
export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
export const daysSince = (iso: string | null | undefined, now = Date.now()): number | null =>
  iso ? (now - new Date(iso).getTime()) / 86_400_000 : null;
