import { Alert, Badge, Button, Card, Group, List, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap, writeHeaders } from '../../api/client';
import { ApiProblem, describeProblem } from '../../api/problem';
import type { components } from '../../api/schema';
import { useSession, type Me } from '../../auth/session';
import { fmtDateTime } from '../../ui/format';
import { roleLabel, stageLabel } from '../../ui/labels';
import type { ProjectView } from '../projects/project-queries';
import { stageName } from '../templates/template-parts';
import { approvalWords, roleWords } from '../templates/template-words';

type Schemas = components['schemas'];
export type PendingGo = Schemas['PendingGoView'];
type Rule = Schemas['ApprovalRuleView'];
type StandingSignature = Schemas['StandingSignatureView'];

// A go on a template-bound project may need several signers (the gate's approval rule): each one signs the same go
// in turn until the rule is met and the stage moves. This panel shows the go collecting signatures, who has signed,
// what the rule still lacks, and lets whoever may sign sign it, and a signer withdraw their own signature.

export const pendingDecisionKey = (projectId: string | undefined) => ['gate-pending', projectId];

export function usePendingDecision(projectId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: pendingDecisionKey(projectId),
    enabled: !!projectId && enabled,
    queryFn: () => unwrap(api.GET('/projects/{projectId}/gate-decisions/pending', { params: { path: { projectId: projectId! } } })),
  });
}

const person = (id: string) => id.trim().toLowerCase();

/**
 * Whether the signed-in user's signature counts under this rule, as the API decides it: the rule names their role,
 * a clinician is on the project's active team, and the lead clinician never signs. The API has the last word.
 */
export function maySignUnder(me: Me | undefined, rule: Rule | undefined, project: ProjectView): boolean {
  if (!me || !rule || !rule.roles.includes(me.actor.role)) return false;
  const team = project.team as unknown as { id: string; teamRole: string; active: boolean }[];
  const mine = team.filter((m) => m.active && person(m.id) === person(me.actor.id));
  if (mine.some((m) => m.teamRole === 'lead_clinician')) return false;
  return me.actor.role !== 'clinician' || mine.length > 0;
}

/** What the rule still lacks, in the reader's language, counted from the signatures standing (one per person). */
export function missingWords(rule: Rule, signatures: StandingSignature[], t: (key: string, options?: Record<string, unknown>) => string): string[] {
  const signers = new Map(signatures.map((s) => [person(s.signerId), s]));
  const all = [...signers.values()];
  const words: string[] = [];
  const more = rule.signatures - all.filter((s) => rule.roles.includes(s.role)).length;
  if (more > 0) words.push(t('pending.missing.more', { count: more, roles: rule.roles.map(roleWords).join(t('pending.missing.or')) }));
  for (const [role, n] of Object.entries(rule.minimumPerRole ?? {})) {
    const lacking = n - all.filter((s) => s.role === role).length;
    if (lacking > 0) words.push(t('pending.missing.fromRole', { count: lacking, role: roleWords(role) }));
  }
  if (rule.independentReviewer && !all.some((s) => s.independent)) words.push(t('pending.missing.independent'));
  return words;
}

export function PendingDecisionPanel({ project, onSign, mt = 'md' }: { project: ProjectView; onSign: (pending: PendingGo | null) => void; mt?: string | number }) {
  const { t } = useTranslation('gates');
  const { me } = useSession();
  const bound = project.template;
  const active = !!bound && project.status === 'active';
  const query = usePendingDecision(project.projectId, active);
  const [withdrawing, setWithdrawing] = useState<PendingGo | null>(null);
  if (!bound || !active || !query.data) return null;
  const { pending, nextGates } = query.data;
  const name = (id: string) => stageName(bound.stages, id);
  const tr = t as unknown as (key: string, options?: Record<string, unknown>) => string;

  if (!pending) {
    // Nothing signed yet: the rule of the gate ahead, and the Sign action for a role it counts (the office signs
    // from the page's own "Gate decision" button, which also offers kill, hold and recycle).
    const next = nextGates[0];
    if (!next) return null;
    const mayStart = me?.actor.role !== 'innovation_office' && maySignUnder(me, next.approval, project);
    // A one-signature gate is said by the Pathway card's "who signs" already.
    if (next.approval.signatures < 2 && !mayStart) return null;
    return (
      <Card withBorder mt={mt} id="next-gate-rule" component="section" aria-labelledby="next-gate-rule-heading">
        <Title order={3} size="h5" id="next-gate-rule-heading" style={{ overflowWrap: 'anywhere' }}>
          {t('pending.nextRuleHeading', { to: name(next.toTemplateStage) })}
        </Title>
        <Text size="sm" mt={4} id="next-gate-rule-words">{approvalWords(next.approval)}</Text>
        <Text size="xs" c="dimmed">{t('pending.nobodyYet')}</Text>
        {mayStart && <Button mt="sm" size="xs" id="sign-next-gate" onClick={() => onSign(null)}>{t('pending.sign')}</Button>}
      </Card>
    );
  }

  const mine = pending.signatures.find((s) => me && person(s.signerId) === person(me.actor.id));
  const mayJoin = !mine && maySignUnder(me, pending.rule, project);
  const missing = missingWords(pending.rule, pending.signatures, tr);
  const needed = pending.rule.signatures;
  return (
    <Card withBorder mt={mt} id="pending-decision" component="section" aria-labelledby="pending-decision-heading"
      data-signatures={pending.signatures.length} data-needed={needed}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0, flex: '1 1 16rem' }}>
          <Title order={3} size="h5" id="pending-decision-heading">{t('pending.heading')}</Title>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} id="pending-decision-target">
            {t('pending.target', { from: name(pending.fromTemplateStage), to: name(pending.toTemplateStage), stage: stageLabel(pending.toStage) })}
          </Text>
        </div>
        <Badge size="lg" variant="light" color="warning" id="pending-decision-count">{t('pending.count', { signed: pending.signatures.length, needed })}</Badge>
      </Group>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="sm">{t('pending.rule')}</Text>
      <Text size="sm" id="pending-decision-rule">{approvalWords(pending.rule)}</Text>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="sm">{t('pending.signatures')}</Text>
      {/* One block per signature rather than a table: it reads the same on a phone. */}
      <Stack gap={6} mt={4} id="pending-signatures" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {pending.signatures.map((s) => (
          <li key={s.signatureRevision} data-signer={s.signerId} className="pending-signature" style={{ borderLeft: '3px solid var(--mantine-color-brand-5, #2a7ab0)', paddingLeft: 8 }}>
            <Group gap={6} wrap="wrap">
              <Text span fw={600} translate="no">{s.printedName}</Text>
              <Text span size="xs" c="dimmed">{roleLabel(s.role)}</Text>
              {s.independent && <Badge size="xs" variant="outline" data-independent="true" style={{ overflow: 'visible' }}>{t('pending.independent')}</Badge>}
            </Group>
            <Text size="sm">
              {t('pending.column.meaning')}: “<span translate="no">{s.meaning}</span>” · {fmtDateTime(s.signedAt)}
            </Text>
            <Text size="xs" c="dimmed">
              {t('pending.column.hash')}: <span className="mono" translate="no" title={s.contentHash}>{shortHash(s.contentHash)}</span>
            </Text>
          </li>
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt={4}>{t('pending.bound', { revision: pending.boundRevision })}</Text>
      {missing.length > 0 && (
        <Alert color="warning" py={6} mt="sm" id="pending-decision-missing" title={t('pending.stillMissing')}>
          <List size="sm">{missing.map((m) => <List.Item key={m}>{m}</List.Item>)}</List>
        </Alert>
      )}
      <Group mt="sm" gap="xs">
        {mayJoin && <Button size="xs" id="sign-pending-decision" onClick={() => onSign(pending)}>{t('pending.sign')}</Button>}
        {mine && <Text size="sm" c="dimmed" id="pending-signed-by-me">{t('pending.youSigned')}</Text>}
        {mine && <Button size="xs" variant="light" color="danger" id="withdraw-signature" onClick={() => setWithdrawing(pending)}>{t('pending.withdraw')}</Button>}
      </Group>
      {withdrawing && <WithdrawDialog project={project} revision={query.data.revision} onClose={() => setWithdrawing(null)} />}
    </Card>
  );
}

/** sha256:… or a bare hex digest, shortened to what a person compares by eye; the whole hash is the cell's title. */
export const shortHash = (hash: string | undefined): string => {
  if (!hash) return '—';
  const hex = hash.replace(/^sha256:/, '');
  return `${hash.startsWith('sha256:') ? 'sha256:' : ''}${hex.slice(0, 12)}…`;
};

/** Withdraw my standing signature: a reason is required and goes on the record (GateSignatureRevoked). */
function WithdrawDialog({ project, revision, onClose }: { project: ProjectView; revision: number; onClose: () => void }) {
  const { t } = useTranslation(['gates', 'common']);
  const queries = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/projects/{projectId}/gate-decisions/signature-revocations', {
          params: { path: { projectId: project.projectId } },
          headers: writeHeaders(revision, key),
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['project', project.projectId] });
      void queries.invalidateQueries({ queryKey: ['history', project.projectId] });
      void queries.invalidateQueries({ queryKey: pendingDecisionKey(project.projectId) });
      onClose();
    },
  });
  const fieldError = revoke.error instanceof ApiProblem && revoke.error.status === 400 ? describeProblem(revoke.error) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!revoke.isPending) revoke.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('pending.withdrawTitle')} closeButtonProps={{ 'aria-label': t('common:action.close') }} id="withdraw-signature-dialog">
      <form onSubmit={submit} id="withdraw-signature-form">
        <Stack gap="sm">
          <Text size="sm">{t('pending.withdrawIntro')}</Text>
          <Textarea label={t('pending.withdrawReason')} name="reason" required autosize minRows={2} value={reason} error={fieldError} onChange={(e) => setReason(e.currentTarget.value)} />
          {revoke.isError && !fieldError && <Alert color="danger" role="alert" id="withdraw-signature-error">{describeProblem(revoke.error)}</Alert>}
          <Button type="submit" color="danger" loading={revoke.isPending} disabled={!reason.trim()}>{t('pending.withdrawSubmit')}</Button>
        </Stack>
      </form>
    </Modal>
  );
}
