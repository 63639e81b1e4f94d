import { Anchor, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDate } from '../../ui/format';
import { Typed } from '../clinician/typed';
import { urgencyColor, type DeadlineView } from './deadline-queries';

/** "in 5 days", "due today", "3 days overdue", or met / missed for closed ones. */
export function DueBadge({ d }: { d: DeadlineView }) {
  const { t } = useTranslation('deadlines');
  const text =
    d.status === 'met'
      ? t('status.met')
      : d.status === 'missed' && d.closedOn
        ? t('status.missed')
        : d.daysLeft < 0
          ? t('due.overdue', { count: -d.daysLeft })
          : d.daysLeft === 0
            ? t('due.today')
            : t('due.inDays', { count: d.daysLeft });
  return (
    <Badge color={urgencyColor(d)} variant={d.daysLeft < 0 && d.status !== 'met' ? 'filled' : 'light'} className="due-badge">
      {text}
    </Badge>
  );
}

/**
 * Deadlines as a table: when, what (the rule, translated; the record's own wording beneath, as the record states it),
 * which project, which jurisdiction's calendar. `project` false on a project's own page.
 */
export function DeadlineTable({ items, project = true, caption }: { items: DeadlineView[]; project?: boolean; caption: string }) {
  const { t } = useTranslation('deadlines');
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover className="deadline-table" verticalSpacing="xs" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('column.due')}</Table.Th>
            <Table.Th>{t('column.what')}</Table.Th>
            {project && <Table.Th>{t('column.project')}</Table.Th>}
            <Table.Th>{t('column.jurisdiction')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={`${d.projectId}/${d.deadlineId}`} data-deadline={d.deadlineId} data-kind={d.kind} data-days-left={d.daysLeft}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={600}>{fmtDate(d.dueOn)}</Text>
                  <DueBadge d={d} />
                </Group>
              </Table.Td>
              <Table.Td>
                <Tooltip label={d.source} multiline w={320} withArrow>
                  <Text size="sm" fw={500}>{t(`kind.${d.kind}`)}</Text>
                </Tooltip>
                <Text size="xs" c="dimmed" lang="en"><Typed>{d.title}</Typed></Text>
              </Table.Td>
              {project && (
                <Table.Td>
                  <Anchor component={Link} to={`/projects/${d.projectId}`} size="sm"><Typed>{d.projectTitle}</Typed></Anchor>
                </Table.Td>
              )}
              <Table.Td>{d.jurisdiction ? <Badge variant="outline" color="gray" translate="no">{String(d.jurisdiction)}</Badge> : <Text size="sm" c="dimmed">{t('anyCalendar')}</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
