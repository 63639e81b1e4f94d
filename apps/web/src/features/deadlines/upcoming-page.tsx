import { Alert, Anchor, Badge, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { describeProblem } from '../../api/problem';
import { fmtDate, fmtNumber } from '../../ui/format';
import { DeadlineTable } from './deadline-list';
import { DEADLINE_KINDS, HORIZONS, useDeadlines, type DeadlineKind } from './deadline-queries';

// "Upcoming and overdue": every open deadline of the portfolio due within the horizon, and every overdue one, by due
// date. Filters (kind, project, owner, horizon) live in the URL, so a filtered view can be bookmarked or sent.
export function UpcomingDeadlinesPage() {
  const { t } = useTranslation('deadlines');
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') as DeadlineKind | null) ?? undefined;
  const projectId = params.get('project') ?? undefined;
  const owner = params.get('owner') ?? undefined;
  const horizonDays = Number(params.get('horizon')) || 90;
  const deadlines = useDeadlines({ kind, projectId, owner, horizonDays });
  // The choices of project and owner come from the unfiltered portfolio, so choosing one never hides the others.
  const all = useDeadlines({ horizonDays: 365 });
  const projects = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of all.data?.items ?? []) seen.set(d.projectId, d.projectTitle);
    return [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [all.data]);
  const owners = useMemo(() => [...new Set((all.data?.items ?? []).map((d) => d.ownerId))].sort().map((o) => ({ value: o, label: o })), [all.data]);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const data = deadlines.data;
  return (
    <Stack gap="md" id="upcoming-deadlines">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('upcoming.title')}</Title>
          <Text size="sm" c="dimmed">{t('upcoming.intro')}</Text>
        </div>
        {data && (
          <Group gap="xs">
            <Badge size="lg" variant="light" id="deadline-total">{t('upcoming.total', { count: data.total })}</Badge>
            <Badge size="lg" color="danger" variant={data.overdue > 0 ? 'filled' : 'light'} id="deadline-overdue">{t('upcoming.overdue', { count: data.overdue })}</Badge>
          </Group>
        )}
      </Group>
      <Group gap="sm" wrap="wrap" align="flex-end" role="search" aria-label={t('upcoming.filters')}>
        <Select
          label={t('filter.kind')}
          placeholder={t('filter.allKinds')}
          clearable
          id="filter-kind"
          value={kind ?? null}
          data={DEADLINE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          onChange={(v) => set('kind', v)}
          w={260}
        />
        <Select
          label={t('filter.project')}
          placeholder={t('filter.allProjects')}
          clearable
          searchable
          id="filter-project"
          value={projectId ?? null}
          data={projects}
          onChange={(v) => set('project', v)}
          w={260}
          translate="no"
        />
        <Select
          label={t('filter.owner')}
          placeholder={t('filter.allOwners')}
          clearable
          searchable
          id="filter-owner"
          value={owner ?? null}
          data={owners}
          onChange={(v) => set('owner', v)}
          w={200}
          translate="no"
        />
        <Select
          label={t('filter.horizon')}
          id="filter-horizon"
          value={String(horizonDays)}
          allowDeselect={false}
          data={HORIZONS.map((h) => ({ value: String(h), label: t('filter.horizonDays', { count: h }) }))}
          onChange={(v) => set('horizon', v === '90' ? null : v)}
          w={160}
        />
      </Group>
      {deadlines.isError && <Alert color="danger" role="alert">{describeProblem(deadlines.error)}</Alert>}
      {!data ? (
        !deadlines.isError && <Loader size="sm" />
      ) : data.items.length === 0 ? (
        <Text c="dimmed" id="no-deadlines">{t('upcoming.empty', { count: horizonDays })}</Text>
      ) : (
        <>
          <DeadlineTable items={data.items} caption={t('upcoming.title')} />
          <Text size="xs" c="dimmed">
            {t('upcoming.asOf', { date: fmtDate(data.today) })}
            {data.total > data.items.length && ` · ${t('upcoming.shown', { shown: fmtNumber(data.items.length), total: fmtNumber(data.total) })}`}
          </Text>
        </>
      )}
      <Text size="sm">
        <Anchor component={Link} to="/inbox/preferences">{t('upcoming.toCalendar')}</Anchor>
      </Text>
    </Stack>
  );
}
