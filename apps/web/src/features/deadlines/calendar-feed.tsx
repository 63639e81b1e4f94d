import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../api/problem';
import { useCalendarFeed } from './deadline-queries';

// The iCalendar feed of my deadlines: a secret URL (shown once, right after it is made) to subscribe to in Outlook
// or any calendar app; making a new one replaces the old one, revoking ends it.
export function CalendarFeed() {
  const { t } = useTranslation('deadlines');
  const { subscribe, revoke } = useCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const make = () =>
    subscribe.mutate(undefined, {
      onSuccess: (feed) => {
        setRevoked(false);
        setUrl(new URL(feed.url, window.location.origin).toString());
      },
    });
  const end = () =>
    revoke.mutate(undefined, {
      onSuccess: () => {
        setUrl(null);
        setRevoked(true);
      },
    });
  const error = subscribe.error ?? revoke.error;
  return (
    <Card withBorder id="calendar-feed">
      <Stack gap="xs">
        <Title order={3} size="h4">{t('calendar.title')}</Title>
        <Text size="sm">{t('calendar.intro')}</Text>
        {error && <Alert color="danger" role="alert">{describeProblem(error)}</Alert>}
        {url && (
          <Alert color="warning" title={t('calendar.secretTitle')} id="calendar-secret">
            <Stack gap={6}>
              <Text size="sm">{t('calendar.secret')}</Text>
              <Group gap="xs" wrap="nowrap" align="flex-end">
                <TextInput readOnly value={url} aria-label={t('calendar.url')} id="calendar-url" style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} translate="no" />
                <CopyButton value={url}>{({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('calendar.copied') : t('calendar.copy')}</Button>}</CopyButton>
              </Group>
              <Text size="xs">
                <a href={url.replace(/^https?:/, 'webcal:')} id="calendar-webcal">{t('calendar.open')}</a>
              </Text>
            </Stack>
          </Alert>
        )}
        {revoked && <Alert color="success" id="calendar-revoked">{t('calendar.revoked')}</Alert>}
        <Group gap="xs">
          <Button onClick={make} loading={subscribe.isPending} id="calendar-subscribe">{t('calendar.subscribe')}</Button>
          <Button variant="default" color="danger" onClick={end} loading={revoke.isPending} id="calendar-revoke">{t('calendar.revoke')}</Button>
        </Group>
        <Text size="xs" c="dimmed">{t('calendar.note')}</Text>
      </Stack>
    </Card>
  );
}
