import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useLivePosition } from '../../auth/live';

type Schemas = components['schemas'];
export type NotificationView = Schemas['NotificationView'];
export type NotificationKind = NotificationView['kind'];
export type Preferences = Schemas['NotificationPreferencesView'];
export type PreferencesRequest = Schemas['NotificationPreferencesRequest'];

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['gate_decision', 'idea_awaiting_screening', 'idea_accepted', 'idea_declined', 'deadline_reminder'];

/** My inbox, unread first (and the counts); polled each minute for reminders, fresh after each live change. */
export function useInbox(pageSize = 50) {
  const position = useLivePosition();
  return useQuery({
    queryKey: ['inbox', pageSize, position],
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    queryFn: () => unwrap(api.GET('/me/notifications', { params: { query: { pageSize, ...(position ? { position } : {}) } } })),
  });
}

export function useMarkRead() {
  const queries = useQueryClient();
  const one = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const all = useMutation({
    mutationFn: () => unwrap(api.POST('/me/notifications/read-all')),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['inbox'] }),
  });
  return { one, all };
}

export function usePreferences() {
  return useQuery({ queryKey: ['notification-preferences'], queryFn: () => unwrap(api.GET('/me/notification-preferences')) });
}

export function useSavePreferences() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesRequest) => unwrap(api.POST('/me/notification-preferences', { body })),
    onSuccess: (saved) => {
      queries.setQueryData(['notification-preferences'], saved);
      void queries.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
}
