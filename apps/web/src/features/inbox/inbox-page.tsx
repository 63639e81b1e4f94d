import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeProblem } from '../../api/problem';
import { fmtDateTime } from '../../ui/format';
import { Typed } from '../clinician/typed';
import { useInbox, useMarkRead, type NotificationView } from './inbox-queries';

// The in-app inbox: what I hear of (gate decisions, ideas awaiting screening, answers to my ideas, deadline
// reminders), unread first. Opening a project from a notification marks it read; so does its own button.
export function InboxPage() {
  const { t } = useTranslation('inbox');
  const inbox = useInbox();
  const { one, all } = useMarkRead();
  const data = inbox.data;
  return (
    <Stack gap="md" maw={820} mx="auto" id="inbox">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('page.title')}</Title>
          {data && <Text size="sm" c="dimmed" id="inbox-counts">{t('page.counts', { unread: data.unread, total: data.total })}</Text>}
        </div>
        <Group gap="xs">
          <Button variant="light" onClick={() => all.mutate()} loading={all.isPending} disabled={!data || data.unread === 0} id="mark-all-read">
            {t('page.markAllRead')}
          </Button>
          <Button component={Link} to="/inbox/preferences" variant="default" id="open-preferences">{t('page.preferences')}</Button>
        </Group>
      </Group>
      {(inbox.error ?? one.error ?? all.error) && <Alert color="danger" role="alert">{describeProblem(inbox.error ?? one.error ?? all.error)}</Alert>}
      {!data ? (
        !inbox.isError && <Loader size="sm" />
      ) : data.items.length === 0 ? (
        <Text c="dimmed" id="inbox-empty">{t('page.empty')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {data.items.map((n) => (
            <Notification key={n.id} n={n} onRead={() => one.mutate(n.id)} busy={one.isPending && one.variables === n.id} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function Notification({ n, onRead, busy }: { n: NotificationView; onRead: () => void; busy: boolean }) {
  const { t } = useTranslation('inbox');
  const unread = n.readAt === null;
  return (
    <Card
      component="li"
      withBorder
      padding="sm"
      data-notification={n.id}
      data-kind={n.kind}
      data-unread={unread}
      className="notification"
      style={unread ? { borderLeft: '4px solid var(--mantine-color-brand-6)', background: 'var(--mantine-color-brand-0)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Badge variant={unread ? 'filled' : 'light'} color={n.kind === 'deadline_reminder' ? 'warning' : 'brand'}>{t(`kind.${n.kind}`)}</Badge>
            {unread && <Badge variant="outline" size="sm" className="unread-mark">{t('item.unread')}</Badge>}
            <Text size="xs" c="dimmed">{fmtDateTime(n.createdAt)}</Text>
          </Group>
          <Text fw={unread ? 700 : 500} size="sm" lang="en"><Typed>{n.title}</Typed></Text>
          <Text size="sm" c="dimmed" lang="en"><Typed block>{n.body}</Typed></Text>
          {n.projectId && (
            <Anchor component={Link} to={`/projects/${n.projectId}`} size="sm" onClick={() => unread && onRead()}>
              {t('item.openProject')}
            </Anchor>
          )}
        </Stack>
        {unread && (
          <Button size="compact-sm" variant="subtle" onClick={onRead} loading={busy} className="mark-read" style={{ flexShrink: 0 }}>
            {t('item.markRead')}
          </Button>
        )}
      </Group>
    </Card>
  );
}
