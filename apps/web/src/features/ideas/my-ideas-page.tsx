import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { describeProblem } from '../../api/problem';
import { fmtDate } from '../../ui/format';
import { ClinicianTabs } from '../clinician/clinician-tabs';
import { Typed } from '../clinician/typed';
import { useIdeas, type IdeaRow } from './idea-queries';

export const IDEA_STATUS_COLOR: Record<IdeaRow['status'], string> = { submitted: 'brand.8', accepted: 'success', declined: 'danger' };

// "My ideas": what a clinician submitted and what became of it: awaiting screening, accepted (its project), or
// declined with the office's reason, which they may answer by changing the idea and submitting it again.
export function MyIdeasPage() {
  const { t } = useTranslation(['ideas', 'enums']);
  const [params] = useSearchParams();
  const justSubmitted = params.get('submitted');
  const ideas = useIdeas();
  return (
    <Stack gap="sm" maw={720} mx="auto" id="my-ideas">
      <ClinicianTabs />
      <Title order={2}>{t('mine.title')}</Title>
      {justSubmitted && <Alert color="success" id="idea-submitted">{t('mine.submittedNow')}</Alert>}
      {ideas.isError && <Alert color="danger" role="alert">{describeProblem(ideas.error)}</Alert>}
      {!ideas.data ? (
        !ideas.isError && <Loader size="sm" />
      ) : ideas.data.items.length === 0 ? (
        <Text c="dimmed">{t('mine.empty')}</Text>
      ) : (
        ideas.data.items.map((i) => (
          <Card key={i.projectId} withBorder data-idea={i.projectId} data-status={i.status} className="idea-card">
            <Stack gap={6}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Title order={3} size="h5" style={{ minWidth: 0 }}><Typed>{i.title}</Typed></Title>
                <Badge color={IDEA_STATUS_COLOR[i.status]} style={{ flexShrink: 0 }}>{t(`status.${i.status}`)}</Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {t('mine.submittedOn', { date: fmtDate(i.submittedAt) })}
                {i.submissions > 1 && ` · ${t('mine.submissions', { n: i.submissions })}`}
              </Text>
              <Text size="sm"><Typed>{i.institution}</Typed> · <Typed>{i.department}</Typed></Text>
              {i.status === 'submitted' && <Text size="sm">{t('mine.awaiting')}</Text>}
              {i.status === 'accepted' && (
                <>
                  <Text size="sm">{t('mine.acceptedOn', { date: fmtDate(i.screenedAt) })}</Text>
                  {i.screeningReason && <Text size="sm" c="dimmed"><Typed>{i.screeningReason}</Typed></Text>}
                  <Button component={Link} to={`/my-projects/${i.projectId}`} size="md" variant="light" className="open-project">{t('mine.openProject')}</Button>
                </>
              )}
              {i.status === 'declined' && (
                <>
                  <Text size="sm">{t('mine.declinedOn', { date: fmtDate(i.screenedAt) })}</Text>
                  <Alert color="hold" title={t('mine.reason')} className="decline-reason">
                    <Typed block>{i.screeningReason}</Typed>
                  </Alert>
                  <Button component={Link} to={`/ideas/${i.projectId}/resubmit`} size="md" variant="light" className="resubmit">{t('mine.resubmit')}</Button>
                </>
              )}
            </Stack>
          </Card>
        ))
      )}
      <Anchor component={Link} to="/my-projects" size="sm">{t('mine.toProjects')}</Anchor>
    </Stack>
  );
}
