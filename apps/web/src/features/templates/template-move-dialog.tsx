import { Alert, Button, List, Loader, Modal, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap, writeHeaders } from '../../api/client';
import { describeProblem, fieldErrors } from '../../api/problem';
import type { components } from '../../api/schema';
import { useDraft } from '../../ui/use-draft';
import { stageLabel } from '../../ui/labels';
import { SignatureInputs, SignatureManifest, useSigner } from '../gates/signature-parts';
import type { ProjectView } from '../projects/project-queries';
import { GateCard, stageName } from './template-parts';
import { useTemplate } from './template-queries';
import type { TemplateView } from './template-words';

type MoveRequest = components['schemas']['MoveToTemplateVersionRequest'];
type Gate = TemplateView['gates'][number];
const FIELDS = ['version', 'reason', 'signature.meaning', 'signature.printedName', 'signature.password', 'signature.token'] as const;

// JSON with every object's keys in order: a revised version comes back from the database (jsonb) with its keys in
// another order than the built-in version it was made from, and is the same gate all the same.
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(value) ?? 'null';

/** What moving from one version to another changes: stages added and removed, gates new, changed and gone. */
export function templateChanges(from: TemplateView, to: TemplateView) {
  const key = (g: Gate) => `${g.from}->${g.to}`;
  const before = new Map(from.gates.map((g) => [key(g), canonical(g)]));
  const after = new Set(to.gates.map(key));
  const ids = (stages: TemplateView['stages']) => stages.map((s) => s.id).filter((id) => from.stages.some((x) => x.id === id) && to.stages.some((x) => x.id === id));
  return {
    stagesAdded: to.stages.filter((s) => !from.stages.some((x) => x.id === s.id)),
    stagesRemoved: from.stages.filter((s) => !to.stages.some((x) => x.id === s.id)),
    // Kept stages renamed or placed in another pipeline phase; and whether the kept ones come in another order.
    stagesChanged: to.stages.filter((s) => {
      const before = from.stages.find((x) => x.id === s.id);
      return before !== undefined && (before.label !== s.label || before.phase !== s.phase);
    }),
    stagesReordered: ids(from.stages).join('\n') !== ids(to.stages).join('\n'),
    gatesChanged: to.gates.filter((g) => canonical(g) !== before.get(key(g))),
    gatesRemoved: from.gates.filter((g) => !after.has(key(g))),
  };
}

/**
 * Moving a template-bound project to a newer version of its template: an explicit, signed decision on its record
 * (TemplateVersionAdopted). The dialog shows what the chosen version changes against the bound one, warns when the
 * version no longer has the project's current stage (the API refuses that move), and signs as a gate decision does:
 * printed name from the account, meaning, password or a fresh sign-in at the issuer, If-Match with the revision on
 * screen and an Idempotency-Key made when the dialog opened.
 */
export function TemplateMoveDialog({ project, latest, onClose }: { project: ProjectView; latest: number; onClose: () => void }) {
  const { t } = useTranslation(['templates', 'gates', 'common']);
  const signer = useSigner();
  const bound = project.template!;
  const queries = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  const [draft, setDraft, clearDraft] = useDraft(`template-move:${project.projectId}`, () => ({ version: latest, reason: '', meaning: '' }));
  const { reason, meaning } = draft;
  // A draft kept from an earlier visit may name a version the project has since moved to (or past): the latest then.
  const version = draft.version > bound.version && draft.version <= latest ? draft.version : latest;
  // The value is read inside the handler: by the time an updater runs, the event's currentTarget is gone.
  const set = (field: 'version' | 'reason' | 'meaning', value: string | number) => setDraft((d) => ({ ...d, [field]: value }));
  const [password, setPassword] = useState('');
  const defaultMeaning = t('move.defaultMeaning', { version });
  const target = useTemplate(bound.templateId, version);
  const current = useTemplate(bound.templateId, bound.version);
  const close = () => {
    clearDraft();
    onClose();
  };

  const move = useMutation({
    mutationFn: async () => {
      const credentials = await signer.credentials(password);
      const body: MoveRequest = {
        templateId: bound.templateId,
        version,
        reason,
        signature: { meaning: meaning || defaultMeaning, printedName: signer.printedName, ...credentials },
      };
      return unwrap(
        api.POST('/projects/{projectId}/template-versions', {
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
  const errors = fieldErrors(move.error, [...FIELDS]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!move.isPending) move.mutate();
  };
  const newer = Array.from({ length: latest - bound.version }, (_, i) => latest - i);
  const changes = target.data && current.data ? templateChanges(current.data, target.data) : null;
  const stageThere = target.data?.stages.find((s) => s.id === bound.stage);
  const here = bound.stages.find((s) => s.id === bound.stage);
  const stageProblem = target.data && here && (!stageThere || stageThere.phase !== here.phase);

  return (
    <Modal opened onClose={close} closeButtonProps={{ 'aria-label': t('common:action.close') }} size="lg" id="template-move"
      title={move.isSuccess ? t('gates:signedTitle') : t('move.title', { name: bound.name })}>
      {move.isSuccess ? (
        <Stack id="template-move-done">
          <Text>{t('move.done', { version, revision: move.data.revision })}</Text>
          <SignatureManifest meaning={meaning || defaultMeaning} events={move.data.events} />
          <Button onClick={close}>{t('common:action.close')}</Button>
        </Stack>
      ) : (
        <form onSubmit={submit} id="template-move-form">
          <Stack gap="sm">
            <Text size="sm">{t('move.intro', { from: bound.version })}</Text>
            <NativeSelect label={t('move.version')} name="version" value={String(version)} error={errors.version}
              onChange={(e) => { set('version', Number(e.currentTarget.value)); move.reset(); }}
              data={newer.map((v) => ({ value: String(v), label: v === latest ? t('move.latestOption', { version: v }) : t('move.versionOption', { version: v }) }))} />
            <section id="template-move-changes" aria-labelledby="template-move-changes-title">
              <Title order={3} size="h6" id="template-move-changes-title" mb={4}>{t('move.changes', { from: bound.version, to: version })}</Title>
              {target.isError || current.isError ? (
                <Alert color="danger" role="alert">{describeProblem(target.error ?? current.error)}</Alert>
              ) : !changes || !target.data ? (
                <Loader size="sm" aria-label={t('common:state.loading')} />
              ) : (
                <Stack gap="xs">
                  {stageProblem && (
                    <Alert color="warning" id="template-move-stage-warning">
                      {stageThere ? t('move.stagePhaseChanged', { stage: here.label }) : t('move.stageMissing', { stage: here.label })}
                    </Alert>
                  )}
                  {changes.stagesAdded.length > 0 && <Text size="sm" data-change="stages-added">{t('move.stagesAdded', { stages: changes.stagesAdded.map((s) => `${s.label} (${stageLabel(s.phase)})`).join(', ') })}</Text>}
                  {changes.stagesRemoved.length > 0 && <Text size="sm" data-change="stages-removed">{t('move.stagesRemoved', { stages: changes.stagesRemoved.map((s) => s.label).join(', ') })}</Text>}
                  {changes.stagesChanged.length > 0 && <Text size="sm" data-change="stages-changed">{t('move.stagesChanged', { stages: changes.stagesChanged.map((s) => `${s.label} (${stageLabel(s.phase)})`).join(', ') })}</Text>}
                  {changes.stagesReordered && <Text size="sm" data-change="stages-reordered">{t('move.stagesReordered')}</Text>}
                  {changes.gatesRemoved.length > 0 && (
                    <div data-change="gates-removed">
                      <Text size="sm">{t('move.gatesRemoved')}</Text>
                      <List size="sm">{changes.gatesRemoved.map((g) => <List.Item key={`${g.from}->${g.to}`} translate="no">{t('page.gate', { from: stageName(current.data!.stages, g.from), to: stageName(current.data!.stages, g.to) })}</List.Item>)}</List>
                    </div>
                  )}
                  {changes.gatesChanged.length > 0 && (
                    <div data-change="gates-changed">
                      <Text size="sm" mb={4}>{t('move.gatesChanged')}</Text>
                      <Stack gap="xs">{changes.gatesChanged.map((g) => <GateCard key={`${g.from}->${g.to}`} gate={g} stages={target.data!.stages} />)}</Stack>
                    </div>
                  )}
                  {!changes.stagesAdded.length && !changes.stagesRemoved.length && !changes.stagesChanged.length && !changes.stagesReordered && !changes.gatesRemoved.length && !changes.gatesChanged.length && (
                    <Text size="sm" c="dimmed" data-change="none">{t('move.noGateChanges')}</Text>
                  )}
                  <Text size="xs" c="dimmed">{t('move.invalidates')}</Text>
                </Stack>
              )}
            </section>
            <Textarea label={t('gates:reason')} name="reason" required value={reason} error={errors.reason} autosize minRows={2}
              onChange={(e) => set('reason', e.currentTarget.value)} />
            <SignatureInputs meaning={meaning} defaultMeaning={defaultMeaning} onMeaning={(value) => set('meaning', value)} password={password} onPassword={setPassword} errors={errors} />
            <Text size="xs" c="dimmed">{t('gates:signingRevision', { revision: project.revision })}</Text>
            {move.isError && (
              <Alert color="danger" role="alert" id="template-move-error" title={t('gates:refused')}>
                {describeProblem(move.error)}
                {errors.form && <Text size="sm">{errors.form}</Text>}
              </Alert>
            )}
            <Button type="submit" loading={move.isPending} id="template-move-submit">{t('move.sign', { version })}</Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
