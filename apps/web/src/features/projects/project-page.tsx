import { Alert, Anchor, Badge, Button, Card, Grid, Group, Loader, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { describeProblem } from '../../api/problem';
import { maySign, useSession } from '../../auth/session';
import { stageLabel, STATUS_LABEL, words } from '../../ui/labels';
import { GateDecisionDialog } from '../gates/gate-decision-dialog';
import { Facts, MissingEvidence, Records, show, Timeline } from './project-details';
import { useHistory, useProject } from './project-queries';

// A project's page: its profile, what the next gate still needs, every record, team and partners,
// milestones, the history as a timeline, and the office's gate decision.
export function ProjectPage() {
  const { projectId } = useParams();
  const { me } = useSession();
  const project = useProject(projectId);
  const history = useHistory(projectId);
  const [deciding, setDeciding] = useState(false);

  if (project.isError || history.isError) return <Alert color="red" role="alert" m="md">{describeProblem(project.error ?? history.error)}</Alert>;
  if (!project.data || !history.data) return <Loader m="md" />;
  const p = project.data;
  const profile = p.profile as unknown as { title: string };
  const team = p.team as unknown as { id: string; name: string; teamRole: string; active: boolean }[];
  const partners = p.partners as unknown as { partnerId: string; name: string; kind: string; role: string; active: boolean }[];
  const milestones = ((p.records as Record<string, unknown[]>).milestones ?? []) as { milestoneId: string; title: string; description: string; occurredOn: string; retracted: boolean }[];

  return (
    <div id="project-page" style={{ maxWidth: 1400, margin: '0 auto' }} data-revision={p.revision}>
      <Anchor component={Link} to="/" size="sm">← Dashboard</Anchor>
      <Group justify="space-between" align="flex-start" mt="xs">
        <div>
          <Title order={2}>{profile.title}</Title>
          <Group gap="xs" mt={4}>
            <Badge variant="light">{stageLabel(p.stage)}</Badge>
            <Badge variant="light" color={p.status === 'active' ? 'cyan' : p.status === 'approved' ? 'green' : p.status === 'terminated' ? 'red' : 'grape'}>{STATUS_LABEL[p.status]}</Badge>
            <Text size="xs" c="dimmed">revision {p.revision}</Text>
          </Group>
        </div>
        {maySign(me) && p.status !== 'terminated' && p.status !== 'approved' && (
          <Button id="open-gate-decision" onClick={() => setDeciding(true)}>Gate decision…</Button>
        )}
      </Group>
      <Grid mt="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder>
            <Title order={3} size="h5">Profile</Title>
            <Facts project={p} />
            <Title order={3} size="h5">Before the next gate</Title>
            {p.status === 'active' ? <MissingEvidence project={p} /> : <Text size="sm" c="dimmed">No gate ahead: the project is {STATUS_LABEL[p.status].toLowerCase()}.</Text>}
          </Card>
          <Card withBorder mt="md">
            <Title order={3} size="h5">Team</Title>
            <Table fz="sm" id="team">
              <Table.Tbody>
                {team.map((m) => (
                  <Table.Tr key={m.id} style={{ opacity: m.active ? 1 : 0.5 }}>
                    <Table.Td>{m.name}</Table.Td><Table.Td>{words(m.teamRole)}</Table.Td><Table.Td>{m.active ? '' : 'removed'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Title order={3} size="h5" mt="md">Partners</Title>
            {partners.length ? (
              <Table fz="sm" id="partners">
                <Table.Tbody>
                  {partners.map((x) => (
                    <Table.Tr key={x.partnerId} style={{ opacity: x.active ? 1 : 0.5 }}>
                      <Table.Td>{x.name}</Table.Td><Table.Td>{words(x.kind)}</Table.Td><Table.Td>{words(x.role)}</Table.Td><Table.Td>{x.active ? '' : 'removed'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : <Text size="sm" c="dimmed">No partners.</Text>}
            <Title order={3} size="h5" mt="md">Milestones</Title>
            {milestones.length ? (
              <Table fz="sm" id="milestones">
                <Table.Tbody>
                  {milestones.map((m) => (
                    <Table.Tr key={m.milestoneId} style={{ opacity: m.retracted ? 0.5 : 1 }}>
                      <Table.Td>{show(m.occurredOn)}</Table.Td><Table.Td>{m.title}</Table.Td><Table.Td style={{ whiteSpace: 'pre-wrap' }}>{m.description}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : <Text size="sm" c="dimmed">No milestones.</Text>}
          </Card>
          <Card withBorder mt="md">
            <Title order={3} size="h5">Records</Title>
            <Records project={p} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">History</Title>
            <Timeline events={history.data.events} />
          </Card>
        </Grid.Col>
      </Grid>
      {deciding && <GateDecisionDialog project={p} onClose={() => setDeciding(false)} />}
    </div>
  );
}
