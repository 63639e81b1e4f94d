import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { DueBadge } from '../deadlines/deadline-list';
import { useDeadlines } from '../deadlines/deadline-queries';
import { Typed } from '../clinician/typed';

/**
 * A clinician's own open conditions of conditional gos (deadlines of kind condition_due they own), soonest first,
 * overdue ones marked; each opens its project, where the owner closes it. Nothing is shown while there are none.
 */
export function MyConditions() {
  const { t } = useTranslation('conditions');
  const { me } = useSession();
  const owned = useDeadlines({ mine: true, kind: 'condition_due', owner: me?.actor.id, horizonDays: 365, pageSize: 50 });
  const items = owned.data?.items ?? [];
  if (!me || items.length === 0) return null;
  return (
    <Card withBorder id="my-conditions">
      <Title order={3} size="h5">{t('mine.title')}</Title>
      <Stack gap={6} mt={4}>
        {items.map((d) => (
          <Stack key={d.deadlineId} gap={2} className="my-condition" data-deadline={d.deadlineId}>
            <Group gap={6} wrap="wrap">
              <DueBadge d={d} />
              <Anchor component={Link} to={`/my-projects/${d.projectId}`} size="sm"><Typed>{d.projectTitle}</Typed></Anchor>
            </Group>
            <Text size="sm" lang="en"><Typed>{d.title}</Typed></Text>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
