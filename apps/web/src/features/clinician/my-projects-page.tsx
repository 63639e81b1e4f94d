import { Alert, Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { describeProblem } from '../../api/problem';
import { fmtDate } from '../../ui/format';
import { MyConditions } from '../conditions/my-conditions';
import { ClinicianTabs } from './clinician-tabs';
import { Typed } from './typed';

export const STATUS_COLOR: Record<string, string> = { active: 'brand.8', approved: 'success', terminated: 'danger', on_hold: 'hold' };

// "My projects": the projects whose team the signed-in person is on (GET /projects?member=me), most recently
// active first; each opens the clinician's page for it.
export function MyProjectsPage() {
  const { t } = useTranslation(['clinician', 'enums']);
  const projects = useQuery({
    queryKey: ['projects', 'mine'],
    // Someone else (the office accepting an idea, adding them to a team) changes this list: read it on each visit.
    refetchOnMount: 'always',
    queryFn: () => unwrap(api.GET('/projects', { params: { query: { member: 'me', sort: '-lastEventAt', pageSize: 100 } } })),
  });
  return (
    <Stack gap="sm" maw={720} mx="auto" id="my-projects">
      <ClinicianTabs />
      <Title order={2}>{t('myProjects.title')}</Title>
      <Text size="sm" c="dimmed">{t('myProjects.intro')}</Text>
      <MyConditions />
      {projects.isError && <Alert color="danger" role="alert">{describeProblem(projects.error)}</Alert>}
      {!projects.data ? (
        !projects.isError && <Loader size="sm" />
      ) : projects.data.items.length === 0 ? (
        <Text c="dimmed" id="no-projects">{t('myProjects.empty')}</Text>
      ) : (
        projects.data.items.map((p) => (
          <Card key={p.projectId} withBorder component={Link} to={`/my-projects/${p.projectId}`} data-project={p.projectId} className="my-project" style={{ color: 'inherit', textDecoration: 'none' }}>
            <Stack gap={4}>
              <Title order={3} size="h5"><Typed>{p.title}</Typed></Title>
              <Group gap={6} wrap="wrap">
                <Badge>{t(`enums:stage.${p.stage}`)}</Badge>
                <Badge color={STATUS_COLOR[p.status]}>{t(`enums:status.${p.status}`)}</Badge>
              </Group>
              <Text size="sm"><Typed>{p.institution}</Typed> · <Typed>{p.department}</Typed></Text>
              <Text size="xs" c="dimmed">{t('myProjects.lastActivity', { date: fmtDate(p.lastEventAt) })}</Text>
            </Stack>
          </Card>
        ))
      )}
      <Anchor component={Link} to="/ideas/new" size="sm">{t('myProjects.submitIdea')}</Anchor>
    </Stack>
  );
}
