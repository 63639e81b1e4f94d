import { Alert, Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeProblem } from '../../api/problem';
import { DeadlineTable } from './deadline-list';
import { useProjectDeadlines } from './deadline-queries';

/** On a project's page: its next deadlines still open (overdue first), with a link to the portfolio view of them. */
export function ProjectDeadlines({ projectId, limit = 5 }: { projectId: string; limit?: number }) {
  const { t } = useTranslation('deadlines');
  const deadlines = useProjectDeadlines(projectId);
  const next = deadlines.data?.next ?? [];
  return (
    <Card withBorder id="project-deadlines">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h4">{t('project.title')}</Title>
          <Anchor component={Link} to={`/deadlines?project=${projectId}&horizon=365`} size="sm">{t('project.all')}</Anchor>
        </Group>
        {deadlines.isError && <Alert color="danger" role="alert">{describeProblem(deadlines.error)}</Alert>}
        {!deadlines.data ? (
          !deadlines.isError && <Loader size="sm" />
        ) : next.length === 0 ? (
          <Text size="sm" c="dimmed">{t('project.none')}</Text>
        ) : (
          <>
            <DeadlineTable items={next.slice(0, limit)} project={false} caption={t('project.title')} />
            {next.length > limit && <Text size="xs" c="dimmed">{t('project.more', { count: next.length - limit })}</Text>}
          </>
        )}
      </Stack>
    </Card>
  );
}
