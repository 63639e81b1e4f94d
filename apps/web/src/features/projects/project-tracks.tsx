import { Card, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../ui/format';
import { authorityLabel, groupLabel, pathwayLabel } from '../../ui/labels';
import { TrackChips, trackStatusLabel } from '../pipeline/track-chips';
import type { ProjectView } from './project-queries';

// One regulatory track per target authority, as the API derives it from the record: its status, since when, and the
// designations, trial authorisations, submissions and approval behind it.
export function ProjectTracks({ project }: { project: ProjectView }) {
  const { t } = useTranslation('projects');
  const tracks = project.regulatoryTracks ?? [];
  if (!tracks.length) return null;
  return (
    <Card withBorder mt="md" id="regulatory-tracks">
      <Title order={3} size="h5">{t('tracks.title')}</Title>
      <Text size="xs" c="dimmed">{t('tracks.help')}</Text>
      <TrackChips tracks={tracks} />
      <Table fz="sm" mt="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tracks.authority')}</Table.Th><Table.Th>{t('tracks.pathway')}</Table.Th><Table.Th>{t('tracks.status')}</Table.Th>
            <Table.Th>{t('tracks.since')}</Table.Th><Table.Th>{t('tracks.records')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tracks.map((tr) => (
            <Table.Tr key={tr.authority} data-track={tr.authority} data-track-status={tr.status}>
              <Table.Td>{authorityLabel(tr.authority)}</Table.Td>
              <Table.Td>{pathwayLabel(tr.pathway)}</Table.Td>
              <Table.Td>{trackStatusLabel(tr.status)}</Table.Td>
              <Table.Td>{tr.since ? fmtDate(tr.since) : '—'}</Table.Td>
              <Table.Td>
                {[
                  ...tr.trialAuthorisations.map((a) => `${groupLabel('trialForm', a.form)} ${a.reference}`),
                  ...tr.designations.map((d) => `${groupLabel('programme', d.programme)} ${d.reference}`),
                  ...tr.submissions.map((s) => `${pathwayLabel(s.pathway)} ${s.reference} (${groupLabel('submissionStatus', s.status)})`),
                ].map((line) => <div key={line} translate="no">{line}</div>)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
