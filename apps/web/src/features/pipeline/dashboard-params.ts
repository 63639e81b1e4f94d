import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { DrillDownMetric } from '../../api/enums';

// Everything the dashboard shows is in its URL: filters, "as of", stalled days, and the open drawer
// (a project or the projects behind a number), so a link or the back button returns to the same view.
export const FILTER_KEYS = ['institution', 'deviceType', 'riskClass', 'authority', 'authorityStatus', 'therapeuticArea', 'status'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface DashboardParams {
  filters: Partial<Record<FilterKey, string>>;
  /** The `datetime-local` value as typed; the API gets it as an ISO instant. */
  asOf: string;
  stalledDays: number;
  project: string | null;
  drill: { metric: DrillDownMetric; stage: string | null; title: string } | null;
}

export function useDashboardParams(): [DashboardParams, (change: Record<string, string | null>) => void] {
  const [search, setSearch] = useSearchParams();
  const days = Number(search.get('stalledDays') ?? 90);
  const params: DashboardParams = {
    filters: Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? '']).filter(([, v]) => v)),
    asOf: search.get('asOf') ?? '',
    stalledDays: Number.isInteger(days) && days >= 1 && days <= 3650 ? days : 90,
    project: search.get('project'),
    drill: search.get('drill')
      ? { metric: search.get('drill') as DrillDownMetric, stage: search.get('stage'), title: search.get('drillTitle') ?? '' }
      : null,
  };
  const update = useCallback(
    (change: Record<string, string | null>) =>
      setSearch((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(change)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      }),
    [setSearch],
  );
  return [params, update];
}

/** The instant the API is asked about, or undefined for "now". */
export const asOfInstant = (asOf: string): string | undefined => (asOf ? new Date(asOf).toISOString() : undefined);
