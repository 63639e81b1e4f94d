import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useLivePosition } from '../../auth/live';

type Schemas = components['schemas'];
export type DeadlineView = Schemas['DeadlineView'];
export type DeadlineKind = DeadlineView['kind'];

export const DEADLINE_KINDS: readonly DeadlineKind[] = [
  'priority_year',
  'pct_national_phase',
  'trial_registration',
  'results_posting',
  'deficiency_response',
  'review_decision',
  'green_channel_window',
  'ethics_renewal',
  'condition_due',
];

export const HORIZONS = [7, 30, 90, 180, 365] as const;

export interface DeadlineFilters {
  kind?: DeadlineKind;
  projectId?: string;
  owner?: string;
  mine?: boolean;
  horizonDays?: number;
  pageSize?: number;
}

/** Open deadlines due within the horizon plus every overdue one (GET /deadlines), fresh after each live change. */
export function useDeadlines(filters: DeadlineFilters) {
  const position = useLivePosition();
  return useQuery({
    queryKey: ['deadlines', filters, position],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/deadlines', {
          params: {
            query: {
              pageSize: filters.pageSize ?? 100,
              ...(filters.kind ? { kind: filters.kind } : {}),
              ...(filters.projectId ? { projectId: filters.projectId } : {}),
              ...(filters.owner ? { owner: filters.owner } : {}),
              ...(filters.mine ? { mine: true } : {}),
              ...(filters.horizonDays ? { horizonDays: filters.horizonDays } : {}),
              ...(position ? { position } : {}),
            },
          },
        }),
      ),
  });
}

/** One project's deadlines: the next ones still open, and all of them with their status. */
export function useProjectDeadlines(projectId: string | undefined) {
  const position = useLivePosition();
  return useQuery({
    queryKey: ['project-deadlines', projectId, position],
    enabled: !!projectId,
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/projects/{projectId}/deadlines', { params: { path: { projectId: projectId! }, query: position ? { position } : {} } })),
  });
}

/** A new secret calendar URL (replacing any earlier one), and its revocation. */
export function useCalendarFeed() {
  const subscribe = useMutation({ mutationFn: () => unwrap(api.POST('/me/calendar-feed')) });
  const revoke = useMutation({ mutationFn: () => unwrap(api.POST('/me/calendar-feed/revocation')) });
  return { subscribe, revoke };
}

/** Overdue (red), due within a week (orange), later (neutral). */
export function urgencyColor(d: Pick<DeadlineView, 'daysLeft' | 'status'>): string {
  if (d.status === 'met') return 'success';
  if (d.status === 'missed' || d.daysLeft < 0) return 'danger';
  if (d.daysLeft <= 7) return 'warning';
  return 'gray';
}
