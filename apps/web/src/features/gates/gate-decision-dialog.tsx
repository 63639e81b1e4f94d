import { Alert, Button, List, Modal, NativeSelect, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey, unwrap, writeHeaders } from '../../api/client';
import { GATE_DECISIONS, STAGES, type GateDecision, type Stage } from '../../api/enums';
import { ApiProblem, describeProblem, fieldErrors } from '../../api/problem';
import type { components } from '../../api/schema';
import { reauthenticateAtIssuer } from '../../auth/oidc';
import { useSession } from '../../auth/session';
import { fmtDateTime } from '../../ui/format';
import { DECISION_LABEL, stageLabel, words } from '../../ui/labels';
import type { ProjectView } from '../projects/project-queries';

type GateDecisionRequest = components['schemas']['GateDecisionRequest'];
const FIELDS = ['decision', 'targetStage', 'toStage', 'reason', 'signature.meaning', 'signature.printedName', 'signature.password', 'signature.token'] as const;
const DEFAULT_MEANING: Record<GateDecision, string> = { go: 'approved to advance', kill: 'terminated', hold: 'paused', resume: 'resumed', recycle: 'sent back' };

/**
 * The gate decision, signed: the decision and its stage, a reason where one is required, the evidence on record,
 * and the signature (printed name from the account, meaning, password to re-authenticate). The request carries
 * If-Match with the revision on screen (the API refuses a signature without it) and an Idempotency-Key made when
 * the dialog opened, so a double click signs once. After signing, the manifest is shown (21 CFR 11.50).
 */
export function GateDecisionDialog({ project, onClose }: { project: ProjectView; onClose: () => void }) {
  const { me } = useSession();
  const queries = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  const [decision, setDecision] = useState<GateDecision>(project.status === 'on_hold' ? 'resume' : 'go');
  const [stage, setStage] = useState<Stage | ''>('');
  const [reason, setReason] = useState('');
  const [meaning, setMeaning] = useState('');
  const [password, setPassword] = useState('');
  const printedName = me?.actor.name ?? '';
  const earlier = STAGES.slice(0, STAGES.indexOf(project.stage));
  // With single sign-on, the signer re-authenticates at the issuer (a fresh sign-in in a popup) instead of a password.
  const atIssuer = me?.mode === 'oidc';

  const sign = useMutation({
    mutationFn: async () => {
      const credentials = atIssuer ? { token: await reauthenticateAtIssuer() } : { password };
      const body: GateDecisionRequest = {
        decision,
        ...(decision === 'go' && stage ? { targetStage: stage } : {}),
        ...(decision === 'recycle' && stage ? { toStage: stage } : {}),
        ...(decision !== 'go' && reason ? { reason } : {}),
        signature: { meaning: meaning || DEFAULT_MEANING[decision], printedName, ...credentials },
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
      void queries.invalidateQueries();
    },
  });

  const errors = fieldErrors(sign.error, FIELDS);
  const problem = sign.error instanceof ApiProblem ? sign.error.problem : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!sign.isPending) sign.mutate();
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={sign.isSuccess ? 'Signed' : `Gate decision: ${stageLabel(project.stage)}`} size="lg" id="gate-decision">
      {sign.isSuccess ? (
        <Stack id="signature-manifest">
          <Text>The decision is recorded at revision {sign.data.revision}. The signature as it stands in the record:</Text>
          <dl className="facts">
            <dt>Printed name</dt><dd>{printedName}</dd>
            <dt>Signed at</dt><dd>{fmtDateTime(new Date().toISOString())}</dd>
            <dt>Meaning</dt><dd>{meaning || DEFAULT_MEANING[decision]}</dd>
            <dt>Event</dt><dd className="mono">{sign.data.events.map((e) => `${e.type} ${e.eventId}`).join(', ')}</dd>
          </dl>
          <Button onClick={onClose}>Close</Button>
        </Stack>
      ) : (
        <form onSubmit={submit} id="gate-decision-form">
          <Stack gap="sm">
            <NativeSelect label="Decision" name="decision" value={decision} error={errors.decision}
              onChange={(e) => { setDecision(e.currentTarget.value as GateDecision); setStage(''); }}
              data={GATE_DECISIONS.map((d) => ({ value: d, label: DECISION_LABEL[d] }))} />
            {decision === 'go' && (
              <NativeSelect label="Stage to enter" name="targetStage" value={stage} error={errors.targetStage} onChange={(e) => setStage(e.currentTarget.value as Stage)}
                data={[{ value: '', label: `The next stage (${stageLabel(project.nextStage)})` }, ...STAGES.filter((s) => STAGES.indexOf(s) > STAGES.indexOf(project.stage)).map((s) => ({ value: s, label: stageLabel(s) }))]} />
            )}
            {decision === 'recycle' && (
              <NativeSelect label="Back to stage" name="toStage" required value={stage} error={errors.toStage} onChange={(e) => setStage(e.currentTarget.value as Stage)}
                data={[{ value: '', label: 'Choose…' }, ...earlier.map((s) => ({ value: s, label: stageLabel(s) }))]} />
            )}
            {decision !== 'go' && (
              <Textarea label="Reason" name="reason" required={decision !== 'resume'} value={reason} error={errors.reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
            )}
            {decision === 'go' && (
              project.missingEvidence.length ? (
                <Alert color="warning" title="Evidence still missing for this gate">
                  <List size="sm">{project.missingEvidence.map((m) => <List.Item key={m.code}>{m.message}</List.Item>)}</List>
                </Alert>
              ) : (
                <Alert color="success">Every piece of evidence this gate asks for is on record.</Alert>
              )
            )}
            <TextInput label="Printed name" name="printedName" value={printedName} readOnly description="From your account; the signature carries it." error={errors['signature.printedName']} />
            <TextInput label="Meaning of the signature" name="meaning" placeholder={DEFAULT_MEANING[decision]} value={meaning} error={errors['signature.meaning']} onChange={(e) => setMeaning(e.currentTarget.value)} />
            {atIssuer ? (
              <Text size="sm" id="signature-reauthentication">Signing opens your organisation’s sign-in in a new window: sign in again there to execute the signature.{errors['signature.token'] ? ` ${errors['signature.token']}` : ''}</Text>
            ) : (
              <PasswordInput label="Your password (re-authentication to sign)" name="password" required autoComplete="current-password" value={password} error={errors['signature.password']} onChange={(e) => setPassword(e.currentTarget.value)} />
            )}
            <Text size="xs" c="dimmed">Signing revision {project.revision}. If the project changes before you sign, you will be asked to review it again.</Text>
            {sign.isError && (
              <Alert color="danger" role="alert" id="gate-decision-error" title={problem?.title}>
                {describeProblem(sign.error)}
                {problem?.missing?.length ? <List size="sm" mt="xs">{problem.missing.map((m) => <List.Item key={m.code}>{m.message ?? words(m.code)}</List.Item>)}</List> : null}
                {errors.form && <Text size="sm">{errors.form}</Text>}
              </Alert>
            )}
            <Button type="submit" loading={sign.isPending}>Sign and record the decision</Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
