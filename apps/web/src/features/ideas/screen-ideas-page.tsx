import { Alert, Anchor, Badge, Button, Card, Group, Loader, Modal, NativeSelect, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, newIdempotencyKey, unwrap, writeHeaders } from '../../api/client';
import { AUTHORITIES, PATHWAYS, RISK_CLASSES, type Authority, type Pathway, type RiskClass } from '../../api/enums';
import { ApiProblem, describeProblem, fieldErrors } from '../../api/problem';
import { fmtDate, fmtDateTime, fmtNumber } from '../../ui/format';
import { Typed } from '../clinician/typed';
import { useIdea, useIdeas, type IdeaDisclosure, type IdeaRow } from './idea-queries';

// Each authority's pathways and device classes (the domain's PATHWAYS_BY_AUTHORITY, DEVICE_CLASSES_BY_AUTHORITY):
// the choices offered are the ones the API accepts together.
const PATHWAYS_OF: Record<Authority, Pathway[]> = {
  NMPA: ['registration', 'innovative_special_review'],
  FDA: ['pma', 'de_novo', '510k', 'bla'],
  HSA: ['full', 'abridged', 'expedited'],
  EU_MDR: ['notified_body', 'self_certification'],
};
const CLASSES_OF: Record<Authority, string[]> = { NMPA: ['I', 'II', 'III'], FDA: ['I', 'II', 'III'], HSA: ['A', 'B', 'C', 'D'], EU_MDR: ['I', 'IIa', 'IIb', 'III'] };

type Screening = { idea: IdeaRow; decision: 'accept' | 'decline' };

// The office's screening queue: every submitted idea, oldest first, with what the clinician wrote; accept it (it
// becomes a project in the idea stage, its submitter the lead) or decline it with a reason the clinician reads.
export function ScreenIdeasPage() {
  const { t } = useTranslation(['ideas', 'enums']);
  const queue = useIdeas('submitted');
  const [screening, setScreening] = useState<Screening | null>(null);
  const [done, setDone] = useState<{ projectId: string; decision: 'accept' | 'decline' } | null>(null);
  const items = [...(queue.data?.items ?? [])].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const stats = queue.data;
  return (
    <Stack gap="sm" maw={960} mx="auto" id="screen-ideas">
      <Title order={2}>{t('screen.title')}</Title>
      {stats && (
        <Text size="sm" c="dimmed" id="screening-stats">
          {t('screen.counts', { submitted: fmtNumber(stats.counts.submitted), accepted: fmtNumber(stats.counts.accepted), declined: fmtNumber(stats.counts.declined) })}
          {stats.screeningTime.count > 0 &&
            ` · ${t('screen.screeningTime', { median: fmtNumber(stats.screeningTime.medianDays, 1), p90: fmtNumber(stats.screeningTime.p90Days, 1), n: stats.screeningTime.count })}`}
        </Text>
      )}
      {done && (
        <Alert color="success" id="screening-done" withCloseButton onClose={() => setDone(null)}>
          {t(done.decision === 'accept' ? 'screen.accepted' : 'screen.declined')}{' '}
          {done.decision === 'accept' && <Anchor component={Link} to={`/projects/${done.projectId}`} id="open-accepted">{t('screen.openProject')}</Anchor>}
        </Alert>
      )}
      {queue.isError && <Alert color="danger" role="alert">{describeProblem(queue.error)}</Alert>}
      {!queue.data ? (
        !queue.isError && <Loader size="sm" />
      ) : items.length === 0 ? (
        <Text c="dimmed" id="queue-empty">{t('screen.empty')}</Text>
      ) : (
        items.map((i) => <IdeaToScreen key={i.projectId} idea={i} onScreen={(decision) => setScreening({ idea: i, decision })} />)
      )}
      {screening && (
        <ScreeningDialog
          screening={screening}
          onClose={() => setScreening(null)}
          onDone={() => {
            setDone({ projectId: screening.idea.projectId, decision: screening.decision });
            setScreening(null);
          }}
        />
      )}
    </Stack>
  );
}

function IdeaToScreen({ idea, onScreen }: { idea: IdeaRow; onScreen: (decision: 'accept' | 'decline') => void }) {
  const { t } = useTranslation('ideas');
  const [open, setOpen] = useState(false);
  const details = useIdea(open ? idea.projectId : undefined);
  const disclosure = details.data?.disclosure as IdeaDisclosure | null | undefined;
  return (
    <Card withBorder data-idea={idea.projectId} className="idea-to-screen">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={3} size="h5" style={{ minWidth: 0 }}><Typed>{idea.title}</Typed></Title>
          {idea.submissions > 1 && <Badge color="hold" style={{ flexShrink: 0 }}>{t('screen.resubmitted', { n: idea.submissions })}</Badge>}
        </Group>
        <Text size="sm">
          <Typed>{idea.submittedByName}</Typed> · <Typed>{idea.institution}</Typed> · <Typed>{idea.department}</Typed>
        </Text>
        <Text size="xs" c="dimmed">{t('screen.submittedAt', { date: fmtDateTime(idea.submittedAt) })}</Text>
        <Text size="sm" fw={600}>{t('form.clinicalNeed')}</Text>
        <Text size="sm"><Typed block>{idea.clinicalNeed}</Typed></Text>
        <Text size="sm">{t('screen.labelled', { label: t('form.deviceType') })} <Typed>{idea.deviceType}</Typed> · {t('screen.labelled', { label: t('form.therapeuticArea') })} <Typed>{idea.therapeuticArea}</Typed></Text>
        {open && (details.data ? (
          <Stack gap={4} className="idea-details">
            <Text size="sm" fw={600}>{t('form.summary')}</Text>
            <Text size="sm"><Typed block>{details.data.summary}</Typed></Text>
            {disclosure ? (
              <Text size="sm">{t('screen.labelled', { label: t('screen.disclosure') })} <Typed>{disclosure.title}</Typed> · {fmtDate(disclosure.disclosedOn)}</Text>
            ) : <Text size="sm" c="dimmed">{t('screen.noDisclosure')}</Text>}
          </Stack>
        ) : <Loader size="xs" />)}
        <Group gap="xs" wrap="wrap">
          {!open && <Button variant="subtle" size="sm" onClick={() => setOpen(true)} className="details">{t('screen.details')}</Button>}
          <Button size="sm" onClick={() => onScreen('accept')} className="accept">{t('screen.accept')}</Button>
          <Button size="sm" variant="light" color="danger" onClick={() => onScreen('decline')} className="decline">{t('screen.decline')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ScreeningDialog({ screening, onClose, onDone }: { screening: Screening; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation(['ideas', 'enums', 'common']);
  const { idea, decision } = screening;
  const current = useIdea(idea.projectId);
  const queries = useQueryClient();
  const [key, setKey] = useState(newIdempotencyKey);
  const [riskClass, setRiskClass] = useState<RiskClass>('II');
  const [authority, setAuthority] = useState<Authority>('NMPA');
  const [pathway, setPathway] = useState<Pathway>('registration');
  const [deviceClass, setDeviceClass] = useState('II');
  const [reason, setReason] = useState('');
  const run = useMutation({
    mutationFn: async () => {
      const revision = current.data?.revision;
      const headers = writeHeaders(revision, key);
      const path = { projectId: idea.projectId };
      if (decision === 'decline') return unwrap(api.POST('/ideas/{projectId}/decline', { params: { path }, body: { reason }, headers }));
      return unwrap(
        api.POST('/ideas/{projectId}/acceptance', {
          params: { path },
          body: { riskClass, targets: [{ authority, pathway, deviceClass }], ...(reason.trim() ? { reason } : {}) },
          headers,
        }),
      );
    },
    onSuccess: async () => {
      await queries.invalidateQueries();
      onDone();
    },
    onError: (error) => {
      // Someone screened or the clinician resubmitted meanwhile: read the idea again; a new try is a new request.
      if (error instanceof ApiProblem && error.status === 412) {
        void current.refetch();
        setKey(newIdempotencyKey());
      }
    },
  });
  const errors = fieldErrors(run.error, ['reason', 'riskClass', 'targets.0.authority', 'targets.0.pathway', 'targets.0.deviceClass']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!run.isPending) run.mutate();
  };
  const chooseAuthority = (a: Authority) => {
    setAuthority(a);
    setPathway(PATHWAYS_OF[a][0]);
    setDeviceClass(CLASSES_OF[a].includes(deviceClass) ? deviceClass : CLASSES_OF[a][0]);
  };
  return (
    <Modal opened onClose={onClose} title={t(decision === 'accept' ? 'screen.acceptTitle' : 'screen.declineTitle')} size="lg" id="screening-dialog" closeButtonProps={{ 'aria-label': t('common:action.close') }}>
      <form onSubmit={submit} id="screening-form" data-decision={decision} noValidate>
        <Stack gap="sm">
          <Text size="sm" fw={600}><Typed>{idea.title}</Typed></Text>
          {decision === 'accept' ? (
            <>
              <Text size="sm">{t('screen.acceptIntro')} <Typed>{idea.submittedByName}</Typed></Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect name="riskClass" label={t('screen.riskClass')} value={riskClass} onChange={(e) => setRiskClass(e.currentTarget.value as RiskClass)} data={RISK_CLASSES.map((c) => ({ value: c, label: t(`enums:riskClass.${c}`) }))} error={errors.riskClass} />
                <NativeSelect name="authority" label={t('screen.authority')} value={authority} onChange={(e) => chooseAuthority(e.currentTarget.value as Authority)} data={AUTHORITIES.map((a) => ({ value: a, label: t(`enums:authority.${a}`) }))} error={errors['targets.0.authority']} />
                <NativeSelect name="pathway" label={t('screen.pathway')} value={pathway} onChange={(e) => setPathway(e.currentTarget.value as Pathway)} data={PATHWAYS.filter((x) => PATHWAYS_OF[authority].includes(x)).map((x) => ({ value: x, label: t(`enums:pathway.${x}`) }))} error={errors['targets.0.pathway']} />
                <NativeSelect name="deviceClass" translate="no" label={t('screen.deviceClass')} value={deviceClass} onChange={(e) => setDeviceClass(e.currentTarget.value)} data={CLASSES_OF[authority]} error={errors['targets.0.deviceClass']} />
              </SimpleGrid>
              <Textarea name="reason" label={t('screen.reasonOptional')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
            </>
          ) : (
            <Textarea name="reason" label={t('screen.declineReason')} description={t('screen.declineReasonHint')} required autosize minRows={3} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
          )}
          {run.isError && (
            <Alert color="danger" role="alert" id="screening-error">
              {describeProblem(run.error)}
              {errors.form && <Text size="sm">{errors.form}</Text>}
            </Alert>
          )}
          <Button type="submit" loading={run.isPending || current.isLoading} color={decision === 'decline' ? 'danger' : undefined} id="screening-submit">
            {t(decision === 'accept' ? 'screen.confirmAccept' : 'screen.confirmDecline')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
