import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { fmtDate, fmtDateTime } from '../../ui/format';
import { stageLabel } from '../../ui/labels';
import type { ProjectView } from '../projects/project-queries';

type Condition = components['schemas']['ConditionView'];
export const CLOSE_CONDITION_ROUTE = '/projects/{projectId}/conditions/{conditionId}/close';

/**
 * The conditions of the project's conditional gos: open ones first (overdue marked), then the closed ones with their
 * evidence. `mayClose` says who sees the Close action (the office, or the clinician who owns the condition).
 */
export function ProjectConditions({ project, mayClose, onClose }: { project: ProjectView; mayClose: (c: Condition) => boolean; onClose: (conditionId: string) => void }) {
  const { t } = useTranslation('conditions');
  const conditions = (project.conditions ?? []) as Condition[];
  if (conditions.length === 0) return null;
  const open = conditions.filter((c) => c.status === 'open');
  const ordered = [...open, ...conditions.filter((c) => c.status !== 'open')];
  return (
    <Card withBorder mt="md" id="project-conditions">
      <Group justify="space-between">
        <Title order={3} size="h5">{t('panel.title')}</Title>
        {open.length > 0 && <Text size="sm" c="dimmed">{t('panel.blocking', { count: open.length })}</Text>}
      </Group>
      <Table fz="sm" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('field.text')}</Table.Th>
            <Table.Th>{t('field.owner')}</Table.Th>
            <Table.Th>{t('field.dueOn')}</Table.Th>
            <Table.Th>{t('panel.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map((c) => (
            <Table.Tr key={c.conditionId} className="project-condition" data-condition={c.conditionId} data-status={c.status} data-overdue={c.overdue ? 'true' : 'false'}>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Text size="sm" translate="no" style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Text>
                <Text size="xs" c="dimmed">{t('panel.setBy', { from: stageLabel(c.fromStage), to: c.toTemplateStage ?? stageLabel(c.toStage), date: fmtDate(c.setAt) })}</Text>
                {c.status === 'closed' && (
                  <Text size="xs" mt={2}>
                    {t('panel.closedBy', { name: c.closedBy?.name ?? '', date: fmtDateTime(c.closedAt) })}{' '}
                    <Text span size="xs" translate="no" style={{ whiteSpace: 'pre-wrap' }}>{c.evidence}</Text>
                    {c.documentId && <Text span size="xs" className="mono" translate="no"> · {c.documentId}</Text>}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }} translate="no">{c.owner.name}</Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>{fmtDate(c.dueOn)}</Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Group gap={4}>
                  <Badge size="sm" color={c.status === 'closed' ? 'success' : c.overdue ? 'danger' : 'warning'}>
                    {c.status === 'closed' ? t('status.closed') : c.overdue ? t('status.overdue') : t('status.open')}
                  </Badge>
                  {c.status === 'open' && mayClose(c) && (
                    <Button size="compact-xs" variant="light" data-action="close-condition" onClick={() => onClose(c.conditionId)}>{t('panel.close')}</Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
