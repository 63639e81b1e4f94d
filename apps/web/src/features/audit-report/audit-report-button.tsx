import { Alert, Button, Group, Popover, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiProblem, describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';

type Format = 'pdf' | 'html';
const MAY_EXPORT = new Set(['innovation_office', 'management', 'admin']);

/** The audit report (GET /projects/{id}/audit-report) as a Blob, with the session's token; as of a past instant when given. */
export async function fetchAuditReport(projectId: string, format: Format, asOf?: string): Promise<Blob> {
  const { data, response } = await api.GET('/projects/{projectId}/audit-report', {
    params: { path: { projectId }, query: { format, ...(asOf ? { asOf } : {}) } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) {
    const body = await response.clone().json().catch(() => ({}));
    throw new ApiProblem(response.status, { type: 'about:blank', title: response.statusText, status: response.status, ...body });
  }
  return data as Blob;
}

// One click on the project page: the inspector's copy of the record, as PDF (downloaded) or a printable page (a new
// tab), as it stands now or as of an instant chosen here. For the office, management and admins (as the API).
export function AuditReportButton({ projectId }: { projectId: string }) {
  const { t } = useTranslation('import');
  const { me } = useSession();
  const [asOf, setAsOf] = useState('');
  const make = useMutation({
    mutationFn: async (format: Format) => {
      const at = asOf ? new Date(asOf).toISOString() : undefined;
      const blob = await fetchAuditReport(projectId, format, at);
      const url = URL.createObjectURL(blob);
      if (format === 'html') window.open(url, '_blank', 'noopener');
      else {
        const link = document.createElement('a');
        link.href = url;
        link.download = `audit-report-${projectId}${at ? `-as-of-${at.slice(0, 19).replace(/:/g, '')}` : ''}.pdf`;
        link.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
  if (!me || !MAY_EXPORT.has(me.actor.role)) return null;
  return (
    <Popover position="bottom-end" withinPortal>
      <Popover.Target>
        <Button variant="default" id="audit-report">{t('auditReport.title')}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" maw={300}>
          <TextInput type="datetime-local" label={t('auditReport.asOf')} description={t('auditReport.asOfHelp')} value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} id="audit-report-as-of" />
          <Group gap="xs">
            <Button size="xs" id="audit-report-pdf" loading={make.isPending && make.variables === 'pdf'} onClick={() => make.mutate('pdf')}>{t('auditReport.pdf')}</Button>
            <Button size="xs" variant="light" id="audit-report-html" loading={make.isPending && make.variables === 'html'} onClick={() => make.mutate('html')}>{t('auditReport.html')}</Button>
          </Group>
          {make.error && <Alert color="danger" role="alert">{t('auditReport.failed')} {describeProblem(make.error)}</Alert>}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
