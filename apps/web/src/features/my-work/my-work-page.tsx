import { Alert, Anchor, Card, List, Loader, SimpleGrid, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { fmtDateTime, fmtDays } from '../../ui/format';
import { stageLabel } from '../../ui/labels';

// What needs the office now: projects whose next gate has all its evidence, stalled projects, and what
// changed since this person last looked (kept in this browser).
const RECENT = 50;
const seenKey = (username: string) => `my-work-seen:${username}`;

export function MyWorkPage() {
  const { me } = useSession();
  // The instant of the previous visit, read once; this visit becomes the next one's "since".
  const [since] = useState(() => (me ? localStorage.getItem(seenKey(me.username)) : null));
  useEffect(() => {
    if (me) localStorage.setItem(seenKey(me.username), new Date().toISOString());
  }, [me]);

  // Ready for a decision: the most recently active projects whose view lists no missing evidence.
  const recent = useQuery({
    queryKey: ['projects', 'active-recent'],
    queryFn: () => unwrap(api.GET('/projects', { params: { query: { status: 'active', sort: '-lastEventAt', pageSize: RECENT } } })),
  });
  const items = (recent.data?.items ?? []) as { projectId: string; title: string }[];
  const views = useQueries({
    queries: items.map((p) => ({
      queryKey: ['project', p.projectId, {}],
      queryFn: () => unwrap(api.GET('/projects/{projectId}', { params: { path: { projectId: p.projectId }, query: {} } })),
    })),
  });
  const ready = views.map((v) => v.data).filter((v) => v && v.status === 'active' && v.nextStage && v.missingEvidence.length === 0);
  const stalled = useQuery({ queryKey: ['stalled', { days: 90, pageSize: 20 }], queryFn: () => unwrap(api.GET('/pipeline/stalled', { params: { query: { days: 90, pageSize: 20 } } })) });
  const activity = useQuery({ queryKey: ['activity', { limit: 100 }], queryFn: () => unwrap(api.GET('/pipeline/activity', { params: { query: { limit: 100 } } })) });
  const changed = (activity.data?.items ?? []).filter((a) => !since || a.recordedAt > since);
  const failed = [recent, stalled, activity].find((q) => q.isError);

  return (
    <div style={{ maxWidth: 1400, margin: '0 auto' }} id="my-work">
      <Title order={2} mb="md">My work</Title>
      {failed && <Alert color="danger" role="alert">{describeProblem(failed.error)}</Alert>}
      <SimpleGrid cols={{ base: 1, lg: 3 }}>
        <Card withBorder id="ready">
          <Title order={3} size="h5">Ready for a gate decision</Title>
          <Text size="xs" c="dimmed" mb="xs">All evidence on record, among the {RECENT} most recently active projects</Text>
          {recent.isLoading || views.some((v) => v.isLoading) ? <Loader size="sm" /> : ready.length ? (
            <List size="sm">{ready.map((p) => <List.Item key={p!.projectId}><Anchor component={Link} to={`/projects/${p!.projectId}`}>{(p!.profile as unknown as { title: string }).title}</Anchor> — go to {stageLabel(p!.nextStage)}</List.Item>)}</List>
          ) : <Text size="sm" c="dimmed">None.</Text>}
        </Card>
        <Card withBorder id="stalled-mine">
          <Title order={3} size="h5">Stalled (90 days or more)</Title>
          {stalled.data ? (stalled.data.items.length ? (
            <List size="sm">{stalled.data.items.map((p) => <List.Item key={p.projectId}><Anchor component={Link} to={`/projects/${p.projectId}`}>{p.title}</Anchor> — {stageLabel(p.stage)}, silent {fmtDays(p.daysSinceLastEvent)}</List.Item>)}</List>
          ) : <Text size="sm" c="dimmed">Nothing stalled.</Text>) : <Loader size="sm" />}
        </Card>
        <Card withBorder id="changed">
          <Title order={3} size="h5">Changed since you last looked</Title>
          <Text size="xs" c="dimmed" mb="xs">{since ? `Since ${fmtDateTime(since)}` : 'First visit: the latest changes'}</Text>
          {activity.data ? (changed.length ? (
            <List size="sm">{changed.slice(0, 30).map((a) => <List.Item key={a.eventId}><Anchor component={Link} to={`/projects/${a.projectId}`}>{(a.projectTitle as unknown as string | null) ?? a.projectId}</Anchor>: {a.summary} ({a.actor.name})</List.Item>)}</List>
          ) : <Text size="sm" c="dimmed">Nothing new.</Text>) : <Loader size="sm" />}
        </Card>
      </SimpleGrid>
    </div>
  );
}
