import { Alert, Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeProblem } from '../../api/problem';
import { DeadlineTable } from './deadline-list';
import { useDeadlines } from './deadline-queries';

/** "My work": the deadlines of the projects whose team has me (mine=true), due within 30 days or overdue. */
export function MyDeadlines({ horizonDays = 30 }: { horizonDays?: number }) {
  const { t } = useTranslation('deadlines');
  const deadlines = useDeadlines({ mine: true, horizonDays, pageSize: 50 });
  return (
    <Card withBorder id="my-deadlines" mb="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h4">{t('mine.title')}</Title>
          <Anchor component={Link} to="/deadlines" size="sm">{t('mine.all')}</Anchor>
        </Group>
        {deadlines.isError && <Alert color="danger" role="alert">{describeProblem(deadlines.error)}</Alert>}
        {!deadlines.data ? (
          !deadlines.isError && <Loader size="sm" />
        ) : deadlines.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">{t('mine.none', { count: horizonDays })}</Text>
        ) : (
          <DeadlineTable items={deadlines.data.items} caption={t('mine.title')} />
        )}
      </Stack>
    </Card>
  );
}
