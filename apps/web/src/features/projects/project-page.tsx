import { Alert, Anchor, Badge, Button, Card, Grid, Group, Loader, Menu, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { describeProblem } from '../../api/problem';
import { mayWrite, maySign, useSession } from '../../auth/session';
import { partnerKindLabel, partnerRoleLabel, stageLabel, STATUS_LABEL, teamRoleLabel } from '../../ui/labels';
import { AuditReportButton } from '../audit-report/audit-report-button';
import { CLOSE_CONDITION_ROUTE, ProjectConditions } from '../conditions/conditions-panel';
import { ProjectDeadlines } from '../deadlines/project-deadlines';
import { EvidenceDocuments, RecordDocumentsFor } from '../documents/documents-panel';
import { GateDecisionDialog } from '../gates/gate-decision-dialog';
import { PendingDecisionPanel } from '../gates/pending-decision';
import { ProjectTemplatePanel } from '../templates/project-template-panel';
import { CommandDialog, commandTitle, useApiDocument, type Command } from './command-dialog';
import { correction, EVIDENCE_COMMAND, projectCommands, REGISTRIES, retraction } from './project-commands';
import { Facts, MissingEvidence, Records, Timeline } from './project-details';
import { ProjectTracks } from './project-tracks';
import { fieldLabel, show, Val } from './values';
import { useHistory, useProject, type ProjectView } from './project-queries';

// A project's page: its profile, what the next gate still needs, every record, team and partners,
// milestones, the history as a timeline, and the office's gate decision.
export function ProjectPage() {
  const { projectId } = useParams();
  const { me } = useSession();
  const project = useProject(projectId);
  const history = useHistory(projectId);
  const [deciding, setDeciding] = useState(false);
  // Signing a go that collects several signatures (any role the gate's rule counts): the dialog offers the go only.
  const [cosigning, setCosigning] = useState(false);
  const [command, setCommand] = useState<Command | null>(null);
  const document = useApiDocument().data;
  const { t } = useTranslation(['projects', 'common']);

  if (project.isError || history.isError) return <Alert color="danger" role="alert" m="md">{describeProblem(project.error ?? history.error)}</Alert>;
  if (!project.data || !history.data) return <Loader m="md" aria-label={t('common:state.loading')} />;
  const p = project.data;
  const profile = p.profile as unknown as { title: string };
  const team = p.team as unknown as { id: string; name: string; teamRole: string; active: boolean }[];
  const partners = p.partners as unknown as { partnerId: string; name: string; kind: string; role: string; active: boolean }[];
  const milestones = ((p.records as Record<string, unknown[]>).milestones ?? []) as { milestoneId: string; title: string; description: string; occurredOn: string; retracted: boolean }[];

  return (
    <div id="project-page" style={{ maxWidth: 1400, margin: '0 auto' }} data-revision={p.revision}>
      <Anchor component={Link} to="/" size="sm">← {t('page.back')}</Anchor>
      <Group justify="space-between" align="flex-start" mt="xs">
        <div>
          <Title order={2} translate="no">{profile.title}</Title>
          <Group gap="xs" mt={4}>
            <Badge>{stageLabel(p.stage)}</Badge>
            <Badge color={p.status === 'active' ? 'brand.8' : p.status === 'approved' ? 'success' : p.status === 'terminated' ? 'danger' : 'hold'}>{STATUS_LABEL[p.status]}</Badge>
            <Text size="xs" c="dimmed">{t('page.revision', { revision: p.revision })}</Text>
          </Group>
        </div>
        <Group>
          <AuditReportButton projectId={p.projectId} />
          {mayWrite(me) && document && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="light" data-action="record-menu">{t('page.recordMenu')}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                {projectCommands(document.paths).map((route) => (
                  <Menu.Item key={route} data-route={route} onClick={() => setCommand({ route })}>{commandTitle(route)}</Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
          {maySign(me) && p.status !== 'terminated' && p.status !== 'approved' && (
            <Button id="open-gate-decision" onClick={() => setDeciding(true)}>{t('page.gateDecision')}</Button>
          )}
        </Group>
      </Group>
      <ProjectDeadlines projectId={p.projectId} />
      <ProjectConditions project={p} mayClose={(c) => mayWrite(me) || (me?.actor.role === 'clinician' && me.actor.id.trim().toLowerCase() === c.owner.id)}
        onClose={(conditionId) => setCommand({ route: CLOSE_CONDITION_ROUTE, path: { conditionId } })} />
      <Grid mt="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder>
            <Title order={3} size="h5">{t('page.profile')}</Title>
            <Facts project={p} />
            <Title order={3} size="h5">{t('page.beforeGate')}</Title>
            {p.status === 'active' ? (
              <MissingEvidence project={p} action={mayWrite(me) ? (code) => {
                const next = evidenceCommand(code, p);
                return next && <Button size="compact-xs" variant="light" ml="xs" data-evidence={code} onClick={() => setCommand(next)}>{t('page.recordIt')}</Button>;
              } : undefined} />
            ) : <Text size="sm" c="dimmed">{t(`page.noGate.${p.status}`)}</Text>}
            <EvidenceDocuments project={p} />
          </Card>
          <PendingDecisionPanel project={p} onSign={() => setCosigning(true)} />
          <ProjectTemplatePanel project={p} />
          <ProjectTracks project={p} />
          <Card withBorder mt="md">
            <Title order={3} size="h5">{t('page.team')}</Title>
            <Table fz="sm" id="team">
              <Table.Tbody>
                {team.map((m) => (
                  <Table.Tr key={m.id} style={{ textDecoration: m.active ? undefined : 'line-through' }}>
                    <Table.Td translate="no">{m.name}</Table.Td><Table.Td>{teamRoleLabel(m.teamRole)}</Table.Td>
                    <Table.Td>{m.active ? (mayWrite(me) && m.teamRole !== 'lead_clinician' && <Button size="compact-xs" variant="subtle" color="danger" onClick={() => setCommand({ route: '/projects/{projectId}/team-members/{memberId}/removal', path: { memberId: m.id } })}>{t('page.remove')}</Button>) : t('page.removed')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Title order={3} size="h5" mt="md">{t('page.partners')}</Title>
            {partners.length ? (
              <Table fz="sm" id="partners">
                <Table.Tbody>
                  {partners.map((x) => (
                    <Table.Tr key={x.partnerId} style={{ textDecoration: x.active ? undefined : 'line-through' }}>
                      <Table.Td translate="no">{x.name}</Table.Td><Table.Td>{partnerKindLabel(x.kind)}</Table.Td><Table.Td>{partnerRoleLabel(x.role)}</Table.Td>
                      <Table.Td>{x.active ? (mayWrite(me) && <Button size="compact-xs" variant="subtle" color="danger" onClick={() => setCommand({ route: '/projects/{projectId}/partners/{partnerId}/removal', path: { partnerId: x.partnerId } })}>{t('page.remove')}</Button>) : t('page.removed')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : <Text size="sm" c="dimmed">{t('page.noPartners')}</Text>}
            <Title order={3} size="h5" mt="md">{t('page.milestones')}</Title>
            {milestones.length ? (
              <Table fz="sm" id="milestones">
                <Table.Tbody>
                  {milestones.map((m) => (
                    <Table.Tr key={m.milestoneId} style={{ textDecoration: m.retracted ? 'line-through' : undefined }}>
                      <Table.Td>{show(m.occurredOn)}</Table.Td><Table.Td translate="no">{m.title}</Table.Td><Table.Td translate="no" style={{ whiteSpace: 'pre-wrap' }}>{m.description}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : <Text size="sm" c="dimmed">{t('page.noMilestones')}</Text>}
          </Card>
          <Card withBorder mt="md">
            <Title order={3} size="h5">{t('page.records')}</Title>
            <Records project={p} actions={(registry, record) => (
              <>
                {mayWrite(me) && <RecordActions registry={registry} record={record} open={setCommand} title={commandTitle} />}
                <RecordDocumentsFor projectId={p.projectId} registry={registry} record={record} />
              </>
            )} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">{t('page.history')}</Title>
            <Timeline events={history.data.events} />
          </Card>
        </Grid.Col>
      </Grid>
      {deciding && <GateDecisionDialog project={p} onClose={() => setDeciding(false)} />}
      {cosigning && <GateDecisionDialog project={p} goOnly onClose={() => setCosigning(false)} />}
      {command && <CommandDialog project={p} command={command} onClose={() => setCommand(null)} />}
    </div>
  );
}

/** The commands on one record: its own (publish, grant, complete, …), then correcting a field or retracting it. */
function RecordActions({ registry, record, open, title }: { registry: string; record: Record<string, unknown>; open: (c: Command) => void; title: (route: string) => string }) {
  const { t } = useTranslation('projects');
  const info = REGISTRIES[registry];
  if (!info) return null;
  const id = String(record[info.idKey]);
  const fields = Object.keys(record).filter((k) => !['revision', 'retracted', info.idKey].includes(k) && (record[k] === null || typeof record[k] !== 'object'));
  return (
    <Group gap={6} mt={4}>
      {info.routes.map(({ route, param }) => (
        <Button key={route} size="compact-xs" variant="light" data-route={route} onClick={() => open({ route, path: { [param]: id } })}>{title(route)}</Button>
      ))}
      <Menu withinPortal>
        <Menu.Target><Button size="compact-xs" variant="subtle">{t('page.correct')}</Button></Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('page.whichValue')}</Menu.Label>
          {fields.map((f) => (
            <Menu.Item key={f} onClick={() => open(correction(registry, record, f))}>{fieldLabel(f)}: <Val value={record[f]} field={f} /></Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button size="compact-xs" variant="subtle" color="danger" onClick={() => open(retraction(registry, record))}>{t('page.retract')}</Button>
    </Group>
  );
}

/** The form that records a missing piece of evidence: a trial's completion and an approval need their trial or submission. */
function evidenceCommand(code: string, project: ProjectView): Command | null {
  const records = project.records as Record<string, Record<string, unknown>[]>;
  const latest = (registry: string, open: (r: Record<string, unknown>) => boolean) => [...(records[registry] ?? [])].reverse().find((r) => !r.retracted && open(r));
  if (code === 'trial_completed_endpoint_met') {
    const trial = latest('trials', (t) => t.status !== 'completed');
    return trial ? { route: '/projects/{projectId}/trials/{trialId}/completion', path: { trialId: String(trial.trialId) } } : { route: '/projects/{projectId}/trials' };
  }
  if (code === 'approval_granted') {
    const submission = latest('submissions', (s) => s.status !== 'rejected');
    return submission ? { route: '/projects/{projectId}/submissions/{submissionId}/approval', path: { submissionId: String(submission.submissionId) } } : { route: '/projects/{projectId}/submissions' };
  }
  return EVIDENCE_COMMAND[code] ? { route: EVIDENCE_COMMAND[code] } : null;
}
