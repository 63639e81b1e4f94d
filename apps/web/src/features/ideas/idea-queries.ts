import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type IdeaRow = Schemas['IdeaRowView'];
export type IdeaView = Schemas['IdeaView'];
export type IdeaDisclosure = { title: string; summary: string; inventors: string[]; disclosedOn: string };

const ideasQuery = (status?: IdeaRow['status'], position?: number) => ({
  queryKey: ['ideas', { status }],
  queryFn: () => unwrap(api.GET('/ideas', { params: { query: { pageSize: 100, ...(status ? { status } : {}), ...(position ? { position } : {}) } } })),
});

/** The ideas the caller may see: a clinician's own ("my ideas"), or the office's screening queue with status=submitted. */
export function useIdeas(status?: IdeaRow['status']) {
  // The other side screens or submits meanwhile: read the list on each visit.
  return useQuery({ ...ideasQuery(status), refetchOnMount: 'always' });
}

/**
 * After the caller's own write at `position`: "my ideas" read once the read model holds it (read-your-writes), so the
 * list the next screen shows has the write in it. A read model still behind after the API's wait leaves the list as
 * it is: the write itself has succeeded.
 */
export async function readIdeasAfter(queries: QueryClient, position: number): Promise<void> {
  await queries.fetchQuery(ideasQuery(undefined, position)).catch(() => undefined);
}

export function useIdea(projectId: string | undefined) {
  return useQuery({
    queryKey: ['idea', projectId],
    enabled: !!projectId,
    queryFn: () => unwrap(api.GET('/ideas/{projectId}', { params: { path: { projectId: projectId! } } })),
  });
}
