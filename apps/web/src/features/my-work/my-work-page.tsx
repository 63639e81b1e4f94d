import { Alert, Anchor, Button, Card, Group, List, Loader, SimpleGrid, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, present, unwrap } from '../../api/client';
import { describeProblem } from '../../api/problem';
import type { paths } from '../../api/schema';
import { useLivePosition } from '../../auth/live';
import { useSession } from '../../auth/session';
import { MyDeadlines } from '../deadlines/my-deadlines';
import { fmtDateTime, fmtDays } from '../../ui/format';
import { stageLabel } from '../../ui/labels';

// What needs the office now, over every project (the API answers each list from the board's read model):
// projects whose next gate has all its evidence, stalled projects, and what changed since this person last
// looked (the list's position at their previous visit, kept in this browser).
const PAGE = 20;
const seenKey = (username: string) => `my-work-seen:${username}`;
type ListQuery = NonNullable<paths['/projects']['get']['parameters']['query']>;

interface Seen {
  position: number;
  at: string;
}

function readSeen(username: string | undefined): Seen | null {
  if (!username) return null;
  try {
    const seen = JSON.parse(localStorage.getItem(seenKey(username)) ?? 'null') as Seen | null;
    return seen && Number.isInteger(seen.position) ? seen : null;
  } catch {
    return null;
  }
}

function useProjects(name: string, query: ListQuery, shown: number) {
  const position = useLivePosition();
  const q = present({ ...query, pageSize: Math.min(shown, 100), position }) as ListQuery;
  return useQuery({ queryKey: ['projects', name, q], placeholderData: keepPreviousData, queryFn: () => unwrap(api.GET('/projects', { params: { query: q } })) });
}

export function MyWorkPage() {
  const { t } = useTranslation('office');
  const { me } = useSession();
  // The previous visit, read once; this visit becomes the next one's "since".
  const [since] = useState(() => readSeen(me?.username));
  const [shownReady, setShownReady] = useState(PAGE);
  const [shownChanged, setShownChanged] = useState(PAGE);
  const position = useLivePosition();

  const ready = useProjects('ready', { readyForGate: true, sort: '-lastEventAt' }, shownReady);
  const changed = useProjects('changed', { ...(since ? { changedAfter: since.position } : {}), sort: '-lastEventAt' }, shownChanged);
  const stalledQuery = present({ days: 90, pageSize: PAGE, position }) as never;
  const stalled = useQuery({
    queryKey: ['stalled', stalledQuery],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/pipeline/stalled', { params: { query: stalledQuery } })),
  });

  // Remember where the record stood when this visit first loaded, for the next visit.
  const saved = useRef(false);
  const firstPosition = changed.data?.position;
  useEffect(() => {
    if (!me || saved.current || typeof firstPosition !== 'number') return;
    saved.current = true;
    localStorage.setItem(seenKey(me.username), JSON.stringify({ position: firstPosition, at: new Date().toISOString() } satisfies Seen));
  }, [me, firstPosition]);

  const failed = [ready, changed, stalled].find((q) => q.isError);
  const more = (total: number, shown: number, set: (n: number) => void, id: string) =>
    total > shown && shown < 100 ? (
      <Button variant="subtle" size="xs" mt="xs" id={id} onClick={() => set(Math.min(shown + PAGE, 100))}>{t('myWork.more', { count: total - shown })}</Button>
    ) : null;

  return (
    <div style={{ maxWidth: 1400, margin: '0 auto' }} id="my-work">
      <Title order={2} mb="md">{t('myWork.title')}</Title>
      {failed && <Alert color="danger" role="alert">{describeProblem(failed.error)}</Alert>}
      <MyDeadlines />
      <SimpleGrid cols={{ base: 1, lg: 3 }}>
        <Card withBorder id="ready">
          <Group justify="space-between">
            <Title order={3} size="h5">{t('myWork.ready')}</Title>
            {ready.data && <Text size="sm" fw={600} id="ready-total">{ready.data.total}</Text>}
          </Group>
          <Text size="xs" c="dimmed" mb="xs">{t('myWork.readyHint')}</Text>
          {ready.data ? (ready.data.items.length ? (
            <>
              <List size="sm">
                {ready.data.items.map((p) => (
                  <List.Item key={p.projectId} data-project-id={p.projectId}>
                    <Anchor component={Link} to={`/projects/${p.projectId}`}><span translate="no">{p.title}</span></Anchor> — {t('myWork.readyItem', { from: stageLabel(p.stage), to: stageLabel(p.nextGate?.stage) })}
                  </List.Item>
                ))}
              </List>
              {more(ready.data.total, shownReady, setShownReady, 'ready-more')}
            </>
          ) : <Text size="sm" c="dimmed">{t('myWork.none')}</Text>) : <Loader size="sm" />}
        </Card>
        <Card withBorder id="stalled-mine">
          <Group justify="space-between">
            <Title order={3} size="h5">{t('myWork.stalled')}</Title>
            {stalled.data && <Text size="sm" fw={600} id="stalled-total">{stalled.data.total}</Text>}
          </Group>
          {stalled.data ? (stalled.data.items.length ? (
            <List size="sm">{stalled.data.items.map((p) => <List.Item key={p.projectId}><Anchor component={Link} to={`/projects/${p.projectId}`}><span translate="no">{p.title}</span></Anchor> — {t('myWork.stalledItem', { stage: stageLabel(p.stage), days: fmtDays(p.daysSinceLastEvent) })}</List.Item>)}</List>
          ) : <Text size="sm" c="dimmed">{t('myWork.nothingStalled')}</Text>) : <Loader size="sm" />}
        </Card>
        <Card withBorder id="changed">
          <Group justify="space-between">
            <Title order={3} size="h5">{t('myWork.changed')}</Title>
            {changed.data && since && <Text size="sm" fw={600} id="changed-total">{changed.data.total}</Text>}
          </Group>
          <Text size="xs" c="dimmed" mb="xs">{since ? t('myWork.since', { date: fmtDateTime(since.at) }) : t('myWork.firstVisit')}</Text>
          {changed.data ? (changed.data.items.length ? (
            <>
              <List size="sm">
                {changed.data.items.map((p) => (
                  <List.Item key={p.projectId} data-project-id={p.projectId}>
                    <Anchor component={Link} to={`/projects/${p.projectId}`}><span translate="no">{p.title}</span></Anchor> — {t('myWork.changedItem', { stage: stageLabel(p.stage), date: fmtDateTime(p.lastEventAt) })}
                  </List.Item>
                ))}
              </List>
              {since && more(changed.data.total, shownChanged, setShownChanged, 'changed-more')}
            </>
          ) : <Text size="sm" c="dimmed">{t('myWork.nothingNew')}</Text>) : <Loader size="sm" />}
        </Card>
      </SimpleGrid>
    </div>
  );
}
