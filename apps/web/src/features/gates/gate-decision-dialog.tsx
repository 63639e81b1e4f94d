import { Alert, Badge, Button, List, Modal, NativeSelect, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap, writeHeaders } from '../../api/client';
import { GATE_DECISIONS, STAGES, type GateDecision, type Stage } from '../../api/enums';
import { ApiProblem, describeMissing, describeProblem, fieldErrors } from '../../api/problem';
import type { components } from '../../api/schema';
import { fmtDate } from '../../ui/format';
import { useDraft } from '../../ui/use-draft';
import { DECISION_LABEL, recordKindLabel, stageLabel } from '../../ui/labels';
import type { ProjectView } from '../projects/project-queries';
import { ConditionInputs, conditionsBody, type ConditionDraft } from '../conditions/condition-inputs';
import { SignatureInputs, SignatureManifest, useSigner } from './signature-parts';

type GateDecisionRequest = components['schemas']['GateDecisionRequest'];
const FIELDS = ['decision', 'targetStage', 'toStage', 'reason', 'signature.meaning', 'signature.printedName', 'signature.password', 'signature.token'] as const;
type Requirement = components['schemas']['GateRequirementView'];
type GoTarget = components['schemas']['GoTargetView'];

/**
 * The gate decision, signed: the decision and its stage, a reason where one is required, the evidence on record,
 * and the signature (printed name from the account, meaning, password to re-authenticate). The request carries
 * If-Match with the revision on screen (the API refuses a signature without it) and an Idempotency-Key made when
 * the dialog opened, so a double click signs once. After signing, the manifest is shown (21 CFR 11.50).
 */
export function GateDecisionDialog({ project, onClose, goOnly = false }: { project: ProjectView; onClose: () => void; goOnly?: boolean }) {
  const { t } = useTranslation(['gates', 'common']);
  const signer = useSigner();
  const defaultMeaning = (d: GateDecision) => t(`defaultMeaning.${d}`);
  const queries = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  // Everything but the password is a draft of this tab, per project: a sign-in after an expired session keeps it.
  const [draft, setDraft, clearDraft] = useDraft(`gate${goOnly ? '-go' : ''}:${project.projectId}`, () => ({
    decision: (project.status === 'on_hold' && !goOnly ? 'resume' : 'go') as GateDecision,
    stage: '' as Stage | '',
    reason: '',
    meaning: '',
    conditions: [] as ConditionDraft[],
  }));
  const { decision, stage, reason, meaning } = draft;
  // A draft saved before conditions existed has none.
  const conditions = draft.conditions ?? [];
  const setConditions = (value: ConditionDraft[]) => setDraft((d) => ({ ...d, conditions: value }));
  const setDecision = (value: GateDecision) => setDraft((d) => ({ ...d, decision: value }));
  const setStage = (value: Stage | '') => setDraft((d) => ({ ...d, stage: value }));
  const setReason = (value: string) => setDraft((d) => ({ ...d, reason: value }));
  const setMeaning = (value: string) => setDraft((d) => ({ ...d, meaning: value }));
  const close = () => {
    clearDraft();
    onClose();
  };
  const [password, setPassword] = useState('');
  const earlier = STAGES.slice(0, STAGES.indexOf(project.stage));
  const goTargets = project.goTargets ?? [];
  // A route is named by its template stage under a template (two may sit in one phase), else by its stage. A choice
  // kept in a draft that is no longer offered (the project moved on) counts as the next stage.
  const routeOf = (g: GoTarget) => g.templateStage ?? g.stage;
  const target = goTargets.find((g) => routeOf(g) === stage) ?? goTargets[0];
  const routeLabel = (g: GoTarget) => (g.templateStage ? (project.template?.stages.find((x) => x.id === g.templateStage)?.label ?? g.templateStage) : stageLabel(g.stage));

  const sign = useMutation({
    mutationFn: async () => {
      const credentials = await signer.credentials(password);
      const body: GateDecisionRequest = {
        decision,
        ...(decision === 'go' && target && target !== goTargets[0] ? (target.templateStage ? { targetTemplateStage: target.templateStage } : { targetStage: target.stage }) : {}),
        ...(decision === 'recycle' && stage ? { toStage: stage } : {}),
        ...(decision !== 'go' && reason ? { reason } : {}),
        ...(decision === 'go' && conditions.length ? { conditions: conditionsBody(conditions) } : {}),
        signature: { meaning: meaning || defaultMeaning(decision), printedName: signer.printedName, ...credentials },
      };
      return unwrap(
        api.POST('/projects/{projectId}/gate-decisions', {
          params: { path: { projectId: project.projectId } },
          headers: writeHeaders(project.revision, key),
          body,
        }),
      );
    },
    onSuccess: () => {
      setPassword('');
      clearDraft();
      void queries.invalidateQueries();
    },
  });

  const conditionFields = conditions.flatMap((_, i) => ['text', 'ownerId', 'dueOn'].map((f) => `conditions.${i}.${f}`));
  const errors: Record<string, string | undefined> = fieldErrors(sign.error, [...FIELDS, ...conditionFields]);
  const problem = sign.error instanceof ApiProblem ? sign.error.problem : undefined;
  // A domain refusal of one condition (409, `field` as conditions[0].dueOn) is shown on that field too.
  const details = problem as { field?: unknown; conditions?: { conditionId: string; text: string; dueOn: string }[] } | undefined;
  const refusedField = typeof details?.field === 'string' ? details.field.replace(/\[(\d+)\]/g, '.$1') : undefined;
  if (refusedField?.startsWith('conditions.') && conditionFields.includes(refusedField)) errors[refusedField] = describeProblem(sign.error);
  const openConditions = details?.conditions ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!sign.isPending) sign.mutate();
  };

  return (
    <Modal opened onClose={close} closeButtonProps={{ 'aria-label': t('common:action.close') }} title={sign.isSuccess ? t('signedTitle') : t('title', { stage: stageLabel(project.stage) })} size="lg" id="gate-decision">
      {sign.isSuccess ? (
        <Stack id="signature-manifest">
          <Text>{t('manifest.intro', { revision: sign.data.revision })}</Text>
          <SignatureManifest meaning={meaning || defaultMeaning(decision)} events={sign.data.events} />
          {sign.data.signing && <SigningOutcome signing={sign.data.signing} />}
          <Button onClick={close}>{t('common:action.close')}</Button>
        </Stack>
      ) : (
        <form onSubmit={submit} id="gate-decision-form">
          <Stack gap="sm">
            {goOnly && <Text size="sm" id="cosign-intro">{t('pending.dialogIntro')}</Text>}
            <NativeSelect label={t('decision')} name="decision" value={decision} error={errors.decision}
              onChange={(e) => { setDecision(e.currentTarget.value as GateDecision); setStage(''); }}
              data={(goOnly ? (['go'] as const) : GATE_DECISIONS).map((d) => ({ value: d, label: DECISION_LABEL[d] }))} />
            {/* Only where the fixed model opens more than one route (a class I/II prototype may go straight to
                regulatory review): the stages the API reports a go may lead to, and no other. */}
            {decision === 'go' && !goOnly && goTargets.length > 1 && (
              <NativeSelect label={t('stageToEnter')} name="targetStage" value={stage} error={errors.targetStage} onChange={(e) => setStage(e.currentTarget.value as Stage)}
                data={[{ value: '', label: t('nextStageOption', { stage: routeLabel(goTargets[0]) }) }, ...goTargets.slice(1).map((g) => ({ value: routeOf(g), label: routeLabel(g) }))]} />
            )}
            {decision === 'recycle' && (
              <NativeSelect label={t('backToStage')} name="toStage" required value={stage} error={errors.toStage} onChange={(e) => setStage(e.currentTarget.value as Stage)}
                data={[{ value: '', label: t('choose') }, ...earlier.map((s) => ({ value: s, label: stageLabel(s) }))]} />
            )}
            {decision !== 'go' && (
              <Textarea label={t('reason')} name="reason" required={decision !== 'resume'} value={reason} error={errors.reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
            )}
            {decision === 'go' && <GateEvidence project={project} target={goOnly ? undefined : target} label={!goOnly && target ? routeLabel(target) : undefined} />}
            {decision === 'go' && !goOnly && <ConditionInputs project={project} value={conditions} onChange={setConditions} errors={errors} />}
            <SignatureInputs meaning={meaning} defaultMeaning={defaultMeaning(decision)} onMeaning={setMeaning} password={password} onPassword={setPassword} errors={errors} />
            <Text size="xs" c="dimmed">{t('signingRevision', { revision: project.revision })}</Text>
            {sign.isError && (
              <Alert color="danger" role="alert" id="gate-decision-error" title={t('refused')}>
                {describeProblem(sign.error)}
                {problem?.missing?.length ? <List size="sm" mt="xs">{problem.missing.map((m) => <List.Item key={m.code}>{describeMissing(m)}</List.Item>)}</List> : null}
                {openConditions.length ? <List size="sm" mt="xs" id="open-conditions">{openConditions.map((c) => <List.Item key={c.conditionId} translate="no">{c.text} ({fmtDate(c.dueOn)})</List.Item>)}</List> : null}
                {errors.form && <Text size="sm">{errors.form}</Text>}
              </Alert>
            )}
            <Button type="submit" loading={sign.isPending}>{t('sign')}</Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/**
 * The next gate's evidence: each requirement, met or missing, with the records on file that meet it (kind, what it
 * is called and its reference as typed, its date), as GET /projects/{id} reports them by the domain's gate rules.
 */
function GateEvidence({ project, target, label }: { project: ProjectView; target?: GoTarget; label?: string }) {
  const { t } = useTranslation('gates');
  // The gate to the chosen stage; under a template, or for a co-signature, the next gate's.
  const requirements = (target?.requirements ?? (project as { nextGateEvidence?: Requirement[] }).nextGateEvidence ?? []) as Requirement[];
  const toStage = label ?? stageLabel(target?.stage ?? project.nextStage);
  const missing = requirements.filter((r) => !r.met).length;
  return (
    <section id="gate-evidence" aria-labelledby="gate-evidence-title">
      <Title order={3} size="h6" id="gate-evidence-title" mb={4}>{t('evidence.heading', { stage: toStage })}</Title>
      <Alert color={missing ? 'warning' : 'success'} py={6} mb="xs" id="gate-evidence-summary">{missing ? t('evidence.someMissing') : t('evidence.allOnRecord')}</Alert>
      <Table fz="sm" verticalSpacing={4} withRowBorders>
        <Table.Tbody>
          {requirements.map((r) => (
            <Table.Tr key={r.code} data-evidence={r.code} data-met={r.met ? 'true' : 'false'}>
              <Table.Td style={{ verticalAlign: 'top', width: '40%' }}>
                <Badge size="xs" color={r.met ? 'success' : 'warning'} mr={6}>{r.met ? t('evidence.onRecord') : t('evidence.missing')}</Badge>
                {describeMissing(r)}
              </Table.Td>
              <Table.Td>
                {r.records.length ? (
                  <List size="sm" listStyleType="none" spacing={2}>
                    {r.records.map((rec) => (
                      <List.Item key={`${rec.kind}:${rec.id}`} className="evidence-record">
                        <Text span size="xs" c="dimmed">{recordKindLabel(rec.kind)}</Text>{' '}
                        <Text span translate="no">{rec.title}</Text>
                        {rec.reference && <Text span className="mono" translate="no"> · {rec.reference}</Text>}
                        {rec.date && <Text span c="dimmed"> · {fmtDate(rec.date)}</Text>}
                      </List.Item>
                    ))}
                  </List>
                ) : <Text size="sm" c="dimmed">{t('evidence.noRecord')}</Text>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}

/**
 * A go under a gate that needs several signers: whether this signature moved the stage or was collected. What the
 * rule still lacks is the API's English; the project page's "Decision in progress" says it in the reader's language.
 */
function SigningOutcome({ signing }: { signing: components['schemas']['GateSigningOutcome'] }) {
  const { t } = useTranslation('gates');
  const collected = signing.outcome === 'signature_collected';
  return (
    <Alert color={collected ? 'warning' : 'success'} id="signing-outcome" data-outcome={signing.outcome}>
      {collected ? t('signing.collected') : t('signing.advanced')}
    </Alert>
  );
}
