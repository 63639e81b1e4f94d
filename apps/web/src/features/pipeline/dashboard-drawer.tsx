import { Alert, Anchor, Drawer, Loader, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeProblem } from '../../api/problem';
import { stageLabel } from '../../ui/labels';
import { lazy, Suspense } from 'react';
import { useHistory, useProject } from '../projects/project-queries';
import type { HistoryEntry, ProjectView } from '../projects/project-queries';
import { asOfInstant, type DashboardParams } from './dashboard-params';
import { useDrillDown } from './pipeline-queries';

// The dashboard's side panel: a project's record and history, or the projects (and events) behind a number.
export function DashboardDrawer({ params, update, openProject }: { params: DashboardParams; update: (c: Record<string, string | null>) => void; openProject: (id: string) => void }) {
  const { t } = useTranslation('dashboard');
  const open = !!params.project || !!params.drill;
  const close = () => update({ project: null, drill: null, stage: null, drillTitle: null });
  return (
    <Drawer opened={open} onClose={close} position="right" size={720} title={params.project ? <ProjectTitle params={params} /> : <DrillTitle params={params} />}
      closeButtonProps={{ 'aria-label': t('drawer.close'), id: 'drawerClose' } as never} data-testid="drawer">
      {params.project ? <ProjectPanel params={params} /> : params.drill ? <DrillPanel params={params} openProject={openProject} /> : null}
    </Drawer>
  );
}

function ProjectTitle({ params }: { params: DashboardParams }) {
  const { t } = useTranslation('dashboard');
  const project = useProject(params.project, asOfInstant(params.asOf));
  if (project.data) return <span id="drawerTitle" translate="no">{(project.data.profile as { title: string }).title}</span>;
  return <span id="drawerTitle">{project.isError ? t('drawer.loadFailed') : t('drawer.loading')}</span>;
}

function ProjectPanel({ params }: { params: DashboardParams }) {
  const { t } = useTranslation('dashboard');
  const asOf = asOfInstant(params.asOf);
  const project = useProject(params.project, asOf);
  const history = useHistory(params.project);
  if (project.isError || history.isError) return <Alert color="danger" role="alert">{describeProblem(project.error ?? history.error)}</Alert>;
  if (!project.data || !history.data) return <Loader size="sm" />;
  return (
    <div id="drawerBody">
      <Anchor component={Link} to={`/projects/${project.data.projectId}`} size="sm" id="open-project-page">{asOf ? t('drawer.openPageNow') : t('drawer.openPage')}</Anchor>
      <Suspense fallback={<Loader size="sm" />}>
        {/* As of an instant, the history ends where the record stood then (its revision), as the facts do. */}
        <ProjectDetails project={project.data} asOf={asOf} events={asOf ? history.data.events.filter((e) => e.revision <= project.data.revision) : history.data.events} historyTitle={t('drawer.history')} />
      </Suspense>
    </div>
  );
}

// A project's facts, checklist and history (with the template and signature parts they show) load with the first
// project opened in the drawer, which the project page shares, not with the dashboard's first download.
const ProjectDetails = lazy(async () => {
  const { Facts, MissingEvidence, Timeline } = await import('../projects/project-details');
  function DrawerProjectDetails({ project, asOf, events, historyTitle }: { project: ProjectView; asOf: string | undefined; events: HistoryEntry[]; historyTitle: string }) {
    return (
      <>
        <Facts project={project} asOf={asOf} />
        <MissingEvidence project={project} />
        <Title order={3} size="h5" mb="xs">{historyTitle}</Title>
        <Timeline events={events} />
      </>
    );
  }
  return { default: DrawerProjectDetails };
});

function DrillTitle({ params }: { params: DashboardParams }) {
  const result = useDrillDown(params);
  return <span id="drawerTitle">{params.drill?.title}{result.data ? ` (${result.data.total})` : ''}</span>;
}

function DrillPanel({ params, openProject }: { params: DashboardParams; openProject: (id: string) => void }) {
  const { t } = useTranslation('dashboard');
  const result = useDrillDown(params);
  if (result.isError) return <Alert color="danger" role="alert">{describeProblem(result.error)}</Alert>;
  if (!result.data) return <Loader size="sm" />;
  return (
    <div id="drawerBody">
      <Text size="sm" c="dimmed">{t('drawer.drillHint')}</Text>
      <Table id="drillTable" fz="sm" mt="sm">
        <Table.Thead><Table.Tr><Table.Th>{t('drawer.project')}</Table.Th><Table.Th>{t('drawer.stageNow')}</Table.Th><Table.Th>{t('drawer.events')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {result.data.items.map((item) => (
            <Table.Tr key={item.projectId} data-project-id={item.projectId}>
              <Table.Td><button type="button" className="linkish" onClick={() => openProject(item.projectId)} translate="no">{(item.title as string | null) ?? item.projectId}</button></Table.Td>
              <Table.Td>{stageLabel(item.stage as string | null)}</Table.Td>
              <Table.Td className="mono">{item.eventIds.join(' ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
