import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, newIdempotencyKey, unwrap, writeHeaders } from '../../api/client';
import { describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { ClinicianTabs } from '../clinician/clinician-tabs';
import { Typed } from '../clinician/typed';
import { emptyIdea, IdeaForm, type IdeaFormValues, type IdeaRequest } from './idea-form';
import { readIdeasAfter, useIdea, type IdeaDisclosure } from './idea-queries';

// A clinician submits an idea (they lead it); after a decline they change it and submit it again.
export function SubmitIdeaPage() {
  const { t } = useTranslation('ideas');
  const { me } = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  // One key per visit to the form: a double tap or a retry after a lost answer submits once.
  const [key] = useState(newIdempotencyKey);
  if (!me) return <Loader m="md" />;
  const submit = async (body: IdeaRequest) => {
    const done = (await unwrap(api.POST('/ideas', { body, headers: writeHeaders(undefined, key) }))) as { projectId: string; globalPosition: number };
    await queries.invalidateQueries({ queryKey: ['ideas'] });
    await readIdeasAfter(queries, done.globalPosition);
    navigate(`/ideas/mine?submitted=${done.projectId}`);
  };
  return (
    <Page>
      <Title order={2}>{t('submitPage.title')}</Title>
      <Text size="sm" c="dimmed">{t('submitPage.intro')}</Text>
      <IdeaForm initial={emptyIdea(me.actor.name)} leadName={me.actor.name} submitLabel={t('form.submit')} submit={submit} />
    </Page>
  );
}

export function ResubmitIdeaPage() {
  const { t } = useTranslation('ideas');
  const { projectId } = useParams();
  const { me } = useSession();
  const idea = useIdea(projectId);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  if (idea.isError) return <Page><Alert color="danger" role="alert">{describeProblem(idea.error)}</Alert></Page>;
  if (!me || !idea.data) return <Loader m="md" />;
  const i = idea.data;
  const disclosure = i.disclosure as IdeaDisclosure | null;
  const initial: IdeaFormValues = {
    ...emptyIdea(me.actor.name),
    title: i.title, clinicalNeed: i.clinicalNeed, summary: i.summary, deviceType: i.deviceType,
    therapeuticArea: i.therapeuticArea, institution: i.institution, department: i.department,
    ...(disclosure ? { attach: true, disclosureTitle: disclosure.title, disclosureSummary: disclosure.summary, inventors: disclosure.inventors.join('\n'), disclosedOn: disclosure.disclosedOn } : {}),
  };
  const submit = async (body: IdeaRequest) => {
    const done = (await unwrap(api.POST('/ideas/{projectId}/resubmission', { params: { path: { projectId: i.projectId } }, body, headers: writeHeaders(i.revision, key) }))) as { globalPosition: number };
    await queries.invalidateQueries({ queryKey: ['ideas'] });
    await queries.invalidateQueries({ queryKey: ['idea', i.projectId] });
    await readIdeasAfter(queries, done.globalPosition);
    navigate(`/ideas/mine?submitted=${i.projectId}`);
  };
  return (
    <Page>
      <Title order={2}>{t('resubmitPage.title')}</Title>
      {i.status === 'declined' ? (
        <>
          <Text size="sm" c="dimmed">{t('resubmitPage.intro')}</Text>
          <Alert color="hold" title={t('mine.reason')} id="decline-reason">
            <Typed block>{i.screeningReason}</Typed>
          </Alert>
          <IdeaForm initial={initial} leadName={me.actor.name} submitLabel={t('form.resubmit')} submit={submit} />
        </>
      ) : (
        <Text>{t('resubmitPage.notDeclined')}</Text>
      )}
      <Anchor component={Link} to="/ideas/mine" size="sm">{t('mine.back')}</Anchor>
    </Page>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return (
    <Stack gap="sm" maw={720} mx="auto" id="idea-page">
      <ClinicianTabs />
      {children}
    </Stack>
  );
}
