import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

// The template library: every reader may list it and open one template, at its latest version or a given one.
export function useTemplates() {
  return useQuery({ queryKey: ['templates'], queryFn: () => unwrap(api.GET('/templates')) });
}

export function useTemplate(templateId: string | undefined, version?: number) {
  return useQuery({
    queryKey: ['template', templateId, version ?? 'latest'],
    enabled: !!templateId,
    queryFn: () =>
      unwrap(api.GET('/templates/{templateId}', { params: { path: { templateId: templateId! }, query: version === undefined ? {} : { version } } })),
  });
}
