import { Alert, Anchor, Badge, Button, Card, Group, Loader, Menu, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { describeProblem } from '../../api/problem';
import { useSession, type Me } from '../../auth/session';
import { fmtDate, fmtNumber } from '../../ui/format';
import { groupLabel } from '../../ui/labels';
import { CLOSE_CONDITION_ROUTE, ProjectConditions } from '../conditions/conditions-panel';
import { CommandDialog, type Command } from '../projects/command-dialog';
import { correction, retraction } from '../projects/project-commands';
import { useProject, type ProjectView } from '../projects/project-queries';
import { ClinicianTabs } from './clinician-tabs';
import { STATUS_COLOR } from './my-projects-page';
import { personKey, Typed } from './typed';
import { ProjectTemplatePanel } from '../templates/project-template-panel';
import { GateDecisionDialog } from '../gates/gate-decision-dialog';
import { PendingDecisionPanel } from '../gates/pending-decision';

interface Member { id: string; name: string; teamRole: string; active: boolean }
interface Milestone { milestoneId: string; title: string; description: string; occurredOn: string; loggedBy: string; retracted: boolean }
interface Prototype { prototypeId: string; version: string; description: string; builtOn: string; retracted: boolean }
interface Trial {
  trialId: string; title: string; registry: string; registryId: string; phase?: string | null; targetEnrolment: number; enrolled: number;
  status: 'registered' | 'recruiting' | 'completed'; firstPatientInOn: string | null; completedOn: string | null; retracted: boolean;
}

/** The fields of a milestone a clinician may correct (the API's correctable fields of a milestone). */
const MILESTONE_FIELDS = ['title', 'description', 'occurredOn'] as const;

/**
 * What a clinician may do on a project, as the API's rules allow it: only someone on the active team records, and
 * only what a clinician may record (milestones, prototypes, a trial's first patient, enrolment and completion);
 * they correct or retract only the milestones they logged. A project on hold takes only corrections and
 * retractions; a killed project nothing. Anything else is not offered at all.
 */
export function clinicianAbilities(project: ProjectView, me: Me | undefined) {
  const team = project.team as unknown as Member[];
  const onTeam = !!me && me.actor.role === 'clinician' && team.some((m) => m.active && personKey(m.id) === personKey(me.actor.id));
  const status = project.status;
  return {
    onTeam,
    record: onTeam && (status === 'active' || status === 'approved'),
    fix: onTeam && status !== 'terminated',
  };
}

export function ClinicianProjectPage() {
  const { t } = useTranslation(['clinician', 'enums']);
  const { projectId } = useParams();
  const { me } = useSession();
  const project = useProject(projectId);
  const [command, setCommand] = useState<Command | null>(null);
  // A template gate whose rule counts clinicians: a clinician on the team signs its go here.
  const [cosigning, setCosigning] = useState(false);

  if (project.isError) return <Frame><Alert color="danger" role="alert">{describeProblem(project.error)}</Alert></Frame>;
  if (!project.data) return <Loader m="md" />;
  const p = project.data;
  const may = clinicianAbilities(p, me);
  const profile = p.profile as unknown as { title: string; institution: string; department: string; leadClinician: { name: string } };
  const records = p.records as unknown as { milestones?: Milestone[]; prototypes?: Prototype[]; trials?: Trial[] };
  const milestones = [...(records.milestones ?? [])].reverse();
  const prototypes = records.prototypes ?? [];
  const trials = (records.trials ?? []).filter((x) => !x.retracted);
  const mine = (m: Milestone) => !!me && personKey(m.loggedBy) === personKey(me.actor.id);
  const open = (c: Command) => setCommand(c);
  const touch = { size: 'md' as const };

  return (
    <Frame>
      <div id="clinician-project" data-revision={p.revision} data-on-team={may.onTeam}>
        <Title order={2}><Typed>{profile.title}</Typed></Title>
        <Group gap={6} mt={4} wrap="wrap">
          <Badge>{t(`enums:stage.${p.stage}`)}</Badge>
          <Badge color={STATUS_COLOR[p.status]}>{t(`enums:status.${p.status}`)}</Badge>
        </Group>
        <Text size="sm" mt={4}><Typed>{profile.institution}</Typed> · <Typed>{profile.department}</Typed></Text>
        <Text size="sm" c="dimmed">{t('project.lead')} <Typed>{profile.leadClinician.name}</Typed></Text>
      </div>

      {!may.onTeam ? (
        <Alert color="gray" id="not-on-team">{t('project.notOnTeam')}</Alert>
      ) : !may.record ? (
        <Alert color="hold" id="no-recording">{t(p.status === 'terminated' ? 'project.killed' : 'project.onHold')}</Alert>
      ) : (
        <Card withBorder id="clinician-actions">
          <Title order={3} size="h5" mb="xs">{t('project.record')}</Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            <Button {...touch} data-route="/projects/{projectId}/milestones" onClick={() => open({ route: '/projects/{projectId}/milestones' })}>{t('action.logMilestone')}</Button>
            <Button {...touch} variant="light" data-route="/projects/{projectId}/prototypes" onClick={() => open({ route: '/projects/{projectId}/prototypes' })}>{t('action.recordPrototype')}</Button>
          </SimpleGrid>
        </Card>
      )}

      {/* Under a pathway template: its path, where the project is on it, and what the next gate needs and who signs. */}
      <ProjectTemplatePanel project={p} mt={0} />
      <PendingDecisionPanel project={p} mt={0} onSign={() => setCosigning(true)} />

      <Card withBorder id="trials">
        <Title order={3} size="h5">{t('project.trials')}</Title>
        {trials.length === 0 ? <Text size="sm" c="dimmed">{t('project.noTrials')}</Text> : trials.map((x) => (
          <Stack key={x.trialId} gap={4} mt="xs" data-trial={x.trialId} className="trial">
            <Text fw={600} size="sm"><Typed>{x.title}</Typed></Text>
            <Text size="sm">
              <Typed>{x.registryId}</Typed>
              {x.phase && <> · <span className="phase">{groupLabel('trialPhase', x.phase)}</span></>} · {t(`project.trialStatus.${x.status}`)}
            </Text>
            <Text size="sm" className="enrolment">{t('project.enrolled', { enrolled: fmtNumber(x.enrolled), target: fmtNumber(x.targetEnrolment) })}</Text>
            {x.firstPatientInOn && <Text size="sm">{t('project.firstPatientInOn', { date: fmtDate(x.firstPatientInOn) })}</Text>}
            {x.completedOn && <Text size="sm">{t('project.completedOn', { date: fmtDate(x.completedOn) })}</Text>}
            {may.record && x.status !== 'completed' && (
              <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
                {!x.firstPatientInOn && (
                  <Button {...touch} variant="light" data-route="/projects/{projectId}/trials/{trialId}/first-patient-in" onClick={() => open({ route: '/projects/{projectId}/trials/{trialId}/first-patient-in', path: { trialId: x.trialId } })}>{t('action.firstPatientIn')}</Button>
                )}
                <Button {...touch} variant="light" data-route="/projects/{projectId}/trials/{trialId}/enrolment" onClick={() => open({ route: '/projects/{projectId}/trials/{trialId}/enrolment', path: { trialId: x.trialId }, prefill: { enrolled: x.enrolled } })}>{t('action.enrolment')}</Button>
                <Button {...touch} variant="light" data-route="/projects/{projectId}/trials/{trialId}/completion" onClick={() => open({ route: '/projects/{projectId}/trials/{trialId}/completion', path: { trialId: x.trialId } })}>{t('action.completion')}</Button>
              </SimpleGrid>
            )}
          </Stack>
        ))}
      </Card>

      <Card withBorder id="milestones">
        <Title order={3} size="h5">{t('project.milestones')}</Title>
        {milestones.length === 0 ? <Text size="sm" c="dimmed">{t('project.noMilestones')}</Text> : milestones.map((m) => (
          <Stack key={m.milestoneId} gap={2} mt="xs" data-milestone={m.milestoneId} data-retracted={m.retracted} className="milestone" style={{ opacity: m.retracted ? 0.6 : 1 }}>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>{fmtDate(m.occurredOn)}</Text>
              <Text size="sm" fw={600} style={{ minWidth: 0, textDecoration: m.retracted ? 'line-through' : undefined }}><Typed>{m.title}</Typed></Text>
            </Group>
            {m.description && <Text size="sm"><Typed block>{m.description}</Typed></Text>}
            {m.retracted && <Text size="xs" c="dimmed">{t('project.retracted')}</Text>}
            {!m.retracted && mine(m) && may.fix && (
              <Group gap="xs" wrap="wrap">
                <Menu withinPortal position="bottom-start">
                  <Menu.Target><Button size="sm" variant="light" className="correct">{t('action.correct')}</Button></Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Label>{t('action.whichValue')}</Menu.Label>
                    {MILESTONE_FIELDS.map((f) => (
                      <Menu.Item key={f} data-field={f} onClick={() => open(correction('milestones', m as unknown as Record<string, unknown>, f))}>
                        {t(`field.${f}`)}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
                <Button size="sm" variant="subtle" color="danger" className="retract" onClick={() => open(retraction('milestones', m as unknown as Record<string, unknown>))}>{t('action.retract')}</Button>
              </Group>
            )}
          </Stack>
        ))}
      </Card>

      <Card withBorder id="prototypes">
        <Title order={3} size="h5">{t('project.prototypes')}</Title>
        {prototypes.length === 0 ? <Text size="sm" c="dimmed">{t('project.noPrototypes')}</Text> : prototypes.map((x) => (
          <Text key={x.prototypeId} size="sm" mt={4} style={{ textDecoration: x.retracted ? 'line-through' : undefined }}>
            {fmtDate(x.builtOn)} · <Typed>{x.version}</Typed> — <Typed>{x.description}</Typed>
          </Text>
        ))}
      </Card>

      <ProjectConditions project={p} mayClose={(c) => may.onTeam && !!me && personKey(me.actor.id) === personKey(c.owner.id)}
        onClose={(conditionId) => open({ route: CLOSE_CONDITION_ROUTE, path: { conditionId } })} />

      <Anchor component={Link} to={`/projects/${p.projectId}`} size="sm" id="full-record">{t('project.fullRecord')}</Anchor>
      {command && <CommandDialog project={p} command={command} onClose={() => setCommand(null)} />}
      {cosigning && <GateDecisionDialog project={p} goOnly onClose={() => setCosigning(false)} />}
    </Frame>
  );
}

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <Stack gap="sm" maw={720} mx="auto" id="clinician-project-page">
      <ClinicianTabs />
      {children}
    </Stack>
  );
}
