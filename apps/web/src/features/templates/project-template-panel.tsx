import { Alert, Anchor, Button, Card, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../../api/schema';
import { maySign, useSession } from '../../auth/session';
import { EvidenceList, stageName, StagePath } from './template-parts';
import { useTemplate } from './template-queries';
import { TemplateMoveDialog } from './template-move-dialog';
import { approvalWords, conditionWords, requirementWords } from './template-words';

type ProjectView = components['schemas']['ProjectView'];

// A template-bound project's pathway: the template and version it follows (a link to that version), its stages as a
// path with the current one marked, and the next gate as the bound version writes it: each requirement on record
// or missing (the API's nextGateEvidence, in the same order), who signs, and the skip's condition. When the library
// holds a newer version, the office reads so here and may move the project to it (a signed decision).
export function ProjectTemplatePanel({ project, mt = 'md' }: { project: ProjectView; mt?: string | number }) {
  const { t } = useTranslation('templates');
  const { me } = useSession();
  const [moving, setMoving] = useState(false);
  const bound = project.template;
  const latest = useTemplate(bound?.templateId).data?.version;
  if (!bound) return null;
  const gate = bound.nextGate;
  const met = gate ? gate.evidence.map((_, i) => project.nextGateEvidence[i]?.met) : [];
  return (
    <Card withBorder mt={mt} id="project-template" data-template={bound.templateId} data-version={bound.version} component="section" aria-labelledby="project-template-heading">
      <Title order={3} size="h5" id="project-template-heading">{t('project.heading')}</Title>
      <Text size="sm" mt={4}>
        <Anchor component={Link} to={`/templates/${bound.templateId}?version=${bound.version}`} id="project-template-link">
          {t('project.bound', { name: bound.name, version: bound.version })}
        </Anchor>
      </Text>
      {latest !== undefined && latest > bound.version && (
        <Alert color="brand" mt="xs" py="xs" id="project-template-newer" data-latest={latest}>
          <Text size="sm">{t('move.newer', { version: latest })}</Text>
          {maySign(me) && project.status === 'active' && (
            <Button size="compact-sm" variant="light" mt={6} id="open-template-move" onClick={() => setMoving(true)}>{t('move.open')}</Button>
          )}
        </Alert>
      )}
      <StagePath stages={bound.stages} current={bound.stage} name={bound.name} id="project-template-path" />
      {gate && bound.nextStage ? (
        <div id="project-next-gate">
          <Title order={4} size="h6" mt="sm" style={{ overflowWrap: 'anywhere' }}>{t('project.nextGate', { from: stageName(bound.stages, bound.stage), to: stageName(bound.stages, bound.nextStage) })}</Title>
          {gate.when && <Text size="sm">{t('page.skipWhen', { condition: conditionWords(gate.when) })}</Text>}
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="xs">{t('project.checklist')}</Text>
          <EvidenceList evidence={gate.evidence as Record<string, unknown>[]} met={met} />
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="xs">{t('page.approval')}</Text>
          <Text size="sm" id="project-next-approval">{approvalWords(gate.approval)}</Text>
          <Text size="xs" c="dimmed">{t('approval.noLead')}</Text>
        </div>
      ) : (
        <Text size="sm" c="dimmed" mt="xs">{t('project.noNextGate')}</Text>
      )}
      {moving && latest !== undefined && <TemplateMoveDialog project={project} latest={latest} onClose={() => setMoving(false)} />}
    </Card>
  );
}

/**
 * A template-bound project's missing evidence in the reader's words (the bound version's requirement, not the API's
 * English message), in the order of `missingEvidence`; null for a fixed-model project or when the two lists differ.
 */
export function templateMissingWords(project: ProjectView): string[] | null {
  const gate = project.template?.nextGate;
  if (!gate) return null;
  const words = gate.evidence.flatMap((spec, i) => {
    const result = project.nextGateEvidence[i];
    if (!result || result.met) return [];
    const w = requirementWords(spec as Record<string, unknown>);
    return [w.options ? `${w.text} ${w.options.join('; ')}` : w.text];
  });
  return words.length === project.missingEvidence.length ? words : null;
}
