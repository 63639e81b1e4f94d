import { Alert, Button, Card, Checkbox, Group, Loader, MultiSelect, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { describeProblem, fieldErrors } from '../../api/problem';
import { CalendarFeed } from '../deadlines/calendar-feed';
import { NOTIFICATION_KINDS, usePreferences, useSavePreferences, type Preferences } from './inbox-queries';

const HORIZON_CHOICES = [30, 7, 1] as const;

// What I hear of, and how: the kinds (gate decisions, ideas awaiting screening, answers to my ideas, deadline
// reminders), the projects I follow, the days before a deadline I am reminded (30 / 7 / 1) and once overdue, mail
// (one per notification, or a daily digest); and my calendar feed of deadlines.
export function PreferencesPage() {
  const { t } = useTranslation('inbox');
  const saved = usePreferences();
  const save = useSavePreferences();
  const [form, setForm] = useState<Preferences | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (saved.data && !form) setForm(saved.data);
  }, [saved.data, form]);
  const projects = useQuery({
    queryKey: ['projects', 'follow-choices'],
    queryFn: () => unwrap(api.GET('/projects', { params: { query: { pageSize: 100 } } })),
  });
  if (!form) return saved.isError ? <Alert color="danger" role="alert">{describeProblem(saved.error)}</Alert> : <Loader size="sm" />;

  const change = (patch: Partial<Preferences>) => {
    setDone(false);
    setForm({ ...form, ...patch });
  };
  const followChoices = [
    ...(projects.data?.items ?? []).map((p) => ({ value: p.projectId, label: p.title })),
    ...form.follows.filter((id) => !projects.data?.items.some((p) => p.projectId === id)).map((id) => ({ value: id, label: id })),
  ];
  const errors = save.error ? fieldErrors(save.error, ['emailAddress', 'kinds', 'follows', 'deadlineHorizonDays']) : {};
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        kinds: form.kinds,
        follows: form.follows,
        deadlineHorizonDays: form.deadlineHorizonDays,
        overdue: form.overdue,
        email: form.email,
        dailyDigest: form.dailyDigest,
        emailAddress: form.emailAddress || null,
      },
      { onSuccess: (p) => (setForm(p), setDone(true)) },
    );
  };
  return (
    <Stack gap="md" maw={820} mx="auto" id="notification-preferences">
      <Title order={2}>{t('preferences.title')}</Title>
      <form onSubmit={submit} noValidate>
        <Card withBorder>
          <Stack gap="md">
            <Checkbox.Group
              label={t('preferences.kinds')}
              value={form.kinds}
              onChange={(v) => change({ kinds: v as Preferences['kinds'] })}
              id="pref-kinds"
              error={errors.kinds}
            >
              <Stack gap={6} mt={6}>
                {NOTIFICATION_KINDS.map((k) => (
                  <Checkbox key={k} value={k} label={t(`kind.${k}`)} description={t(`kindHelp.${k}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
            <MultiSelect
              label={t('preferences.follows')}
              description={t('preferences.followsHelp')}
              searchable
              clearable
              data={followChoices}
              value={form.follows}
              onChange={(v) => change({ follows: v })}
              id="pref-follows"
              error={errors.follows}
              translate="no"
            />
            <div>
              <Checkbox.Group
                label={t('preferences.horizons')}
                description={t('preferences.horizonsHelp')}
                value={form.deadlineHorizonDays.map(String)}
                onChange={(v) => change({ deadlineHorizonDays: v.map(Number).sort((a, b) => b - a) })}
                id="pref-horizons"
                error={errors.deadlineHorizonDays}
              >
                <Group gap="md" mt={6}>
                  {HORIZON_CHOICES.map((h) => (
                    <Checkbox key={h} value={String(h)} label={t('preferences.daysBefore', { count: h })} />
                  ))}
                </Group>
              </Checkbox.Group>
              {/* Outside the group: a group controls every checkbox inside it by value. */}
              <Checkbox mt={8} label={t('preferences.overdue')} checked={form.overdue} onChange={(e) => change({ overdue: e.currentTarget.checked })} id="pref-overdue" />
            </div>
            <Switch label={t('preferences.email')} checked={form.email} onChange={(e) => change({ email: e.currentTarget.checked })} id="pref-email" />
            <TextInput
              label={t('preferences.emailAddress')}
              type="email"
              value={form.emailAddress ?? ''}
              onChange={(e) => change({ emailAddress: e.currentTarget.value })}
              disabled={!form.email}
              id="pref-email-address"
              error={errors.emailAddress}
              translate="no"
            />
            <Switch
              label={t('preferences.digest')}
              description={t('preferences.digestHelp')}
              checked={form.dailyDigest}
              onChange={(e) => change({ dailyDigest: e.currentTarget.checked })}
              disabled={!form.email}
              id="pref-digest"
            />
            {save.error && (errors.form || !Object.keys(errors).length) && <Alert color="danger" role="alert">{errors.form ?? describeProblem(save.error)}</Alert>}
            {done && <Alert color="success" id="preferences-saved">{t('preferences.saved')}</Alert>}
            <Group>
              <Button type="submit" loading={save.isPending} id="save-preferences">{t('preferences.save')}</Button>
            </Group>
          </Stack>
        </Card>
      </form>
      <CalendarFeed />
    </Stack>
  );
}
