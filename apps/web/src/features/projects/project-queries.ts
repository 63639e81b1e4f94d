import { useQuery } from '@tanstack/react-query';
import { api, present, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type ProjectView = Schemas['ProjectView'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type ProjectHistory = Schemas['ProjectHistory'];

export function useProject(projectId: string | null | undefined, asOf?: string) {
  const query = present({ asOf });
  return useQuery({
    queryKey: ['project', projectId, query],
    enabled: !!projectId,
    queryFn: () => unwrap(api.GET('/projects/{projectId}', { params: { path: { projectId: projectId! }, query } })),
  });
}

export function useHistory(projectId: string | null | undefined) {
  return useQuery({
    queryKey: ['history', projectId],
    enabled: !!projectId,
    queryFn: () => unwrap(api.GET('/projects/{projectId}/history', { params: { path: { projectId: projectId! } } })),
  });
}
