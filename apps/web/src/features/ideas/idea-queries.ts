import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type IdeaRow = Schemas['IdeaRowView'];
export type IdeaView = Schemas['IdeaView'];
export type IdeaDisclosure = { title: string; summary: string; inventors: string[]; disclosedOn: string };

/** The ideas the caller may see: a clinician's own ("my ideas"), or the office's screening queue with status=submitted. */
export function useIdeas(status?: IdeaRow['status']) {
  return useQuery({
    queryKey: ['ideas', { status }],
    // The other side screens or submits meanwhile: read the list on each visit.
    refetchOnMount: 'always',
    queryFn: () => unwrap(api.GET('/ideas', { params: { query: { pageSize: 100, ...(status ? { status } : {}) } } })),
  });
}

export function useIdea(projectId: string | undefined) {
  return useQuery({
    queryKey: ['idea', projectId],
    enabled: !!projectId,
    queryFn: () => unwrap(api.GET('/ideas/{projectId}', { params: { path: { projectId: projectId! } } })),
  });
}
