import { Anchor, Badge, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { stageLabel } from '../../ui/labels';
import { Typed } from '../clinician/typed';
import { approvalWords, conditionWords, requirementWords, type TemplateView } from './template-words';
import './templates.css';

// The parts of a template shown on its page and on a project bound to it: the stages as a path, a gate's
// evidence, approval rule and skip condition, the sources.
type Stage = TemplateView['stages'][number];
type Gate = TemplateView['gates'][number];

/** The stages in order, as a path that wraps (one per line on a phone); the current one marked for every reader. */
export function StagePath({ stages, current, name, id }: { stages: Stage[]; current?: string | null; name: string; id?: string }) {
  const { t } = useTranslation('templates');
  return (
    <ol className="stage-path" aria-label={t('page.pathLabel', { name })} id={id}>
      {stages.map((s, i) => (
        <li key={s.id} className={s.id === current ? 'current' : undefined} aria-current={s.id === current ? 'step' : undefined} data-stage={s.id}>
          <span className="stage-step" aria-hidden="true">{i + 1}</span>
          <span className="stage-text">
            <Typed>{s.label}</Typed>
            <span className="stage-phase">{t('page.phase', { phase: stageLabel(s.phase) })}</span>
            {s.id === current && <span className="stage-current">{t('page.current')}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** A stage's label by id (the id itself when the template does not have it). */
export const stageName = (stages: Stage[], id: string | null | undefined): string => stages.find((s) => s.id === id)?.label ?? id ?? '';

/** A gate's evidence as a list; `met[i]`, when given, marks each requirement on record or missing. */
export function EvidenceList({ evidence, met }: { evidence: Record<string, unknown>[]; met?: (boolean | undefined)[] }) {
  const { t } = useTranslation('templates');
  if (!evidence.length) return <Text size="sm" c="dimmed">{t('page.noEvidence')}</Text>;
  return (
    <ul className="evidence-list">
      {evidence.map((requirement, i) => {
        const words = requirementWords(requirement);
        const state = met?.[i];
        return (
          <li key={i} data-evidence-kind={String(requirement.kind)} data-met={state === undefined ? undefined : String(state)}>
            {met ? (
              <ThemeIcon size={18} radius="xl" color={state ? 'success' : 'warning'} aria-hidden="true" className="evidence-mark">{state ? '✓' : '!'}</ThemeIcon>
            ) : (
              <span className="evidence-mark bullet" aria-hidden="true">•</span>
            )}
            <div>
              {words.text}
              {met && <Text span size="xs" c={state ? 'success.8' : 'warning.9'} ml={6} fw={600}>({state ? t('project.met') : t('project.notMet')})</Text>}
              {words.when && <Text span size="xs" c="dimmed" ml={6}>({words.when})</Text>}
              {words.options && (
                <ol className="evidence-options">
                  {words.options.map((option, j) => (
                    <li key={j}><Text span size="xs" fw={700}>{t('evidence.option', { n: j + 1 })}:</Text> {option}</li>
                  ))}
                </ol>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** One gate: from → to, a skip's condition, its evidence and who signs. */
export function GateCard({ gate, stages }: { gate: Gate; stages: Stage[] }) {
  const { t } = useTranslation('templates');
  const skip = stages.findIndex((s) => s.id === gate.to) - stages.findIndex((s) => s.id === gate.from) > 1;
  return (
    <Card withBorder padding="sm" data-gate={`${gate.from}->${gate.to}`} component="section">
      <Group gap="xs" wrap="wrap">
        <Title order={4} size="h6" translate="no" style={{ overflowWrap: 'anywhere' }}>{t('page.gate', { from: stageName(stages, gate.from), to: stageName(stages, gate.to) })}</Title>
        {skip && <Badge color="hold" variant="light">{t('page.skip')}</Badge>}
      </Group>
      {gate.when && <Text size="sm" mt={4} data-when>{t('page.skipWhen', { condition: conditionWords(gate.when) })}</Text>}
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="xs">{t('page.evidence')}</Text>
      <EvidenceList evidence={gate.evidence as Record<string, unknown>[]} />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="xs">{t('page.approval')}</Text>
      <Text size="sm" data-approval>{approvalWords(gate.approval)}</Text>
    </Card>
  );
}

export function Sources({ sources }: { sources: TemplateView['sources'] }) {
  const { t } = useTranslation('templates');
  if (!sources.length) return <Text size="sm" c="dimmed">{t('page.noSources')}</Text>;
  return (
    <Stack gap={4}>
      {sources.map((s, i) => (
        <Text size="sm" key={i} translate="no" style={{ overflowWrap: 'anywhere' }}>
          {s.publisher}: <Anchor href={s.url} target="_blank" rel="noopener noreferrer">{s.document}</Anchor>
        </Text>
      ))}
    </Stack>
  );
}
