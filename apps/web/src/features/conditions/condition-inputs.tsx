import { ActionIcon, Button, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { teamRoleLabel } from '../../ui/labels';
import type { ProjectView } from '../projects/project-queries';

/** One condition as typed in the go dialog; `key` only tells the rows apart on screen. */
export interface ConditionDraft {
  key: string;
  text: string;
  ownerId: string;
  dueOn: string;
}

export const newConditionDraft = (): ConditionDraft => ({ key: Math.random().toString(36).slice(2), text: '', ownerId: '', dueOn: '' });

/** The conditions a go sets: text, owner (someone on the active team) and due day; the API refuses the next go while one is open. */
export function ConditionInputs({ project, value, onChange, errors }: { project: ProjectView; value: ConditionDraft[]; onChange: (next: ConditionDraft[]) => void; errors: Record<string, string | undefined> }) {
  const { t } = useTranslation('conditions');
  const team = (project.team as unknown as { id: string; name: string; teamRole: string; active: boolean }[]).filter((m) => m.active);
  const set = (i: number, change: Partial<ConditionDraft>) => onChange(value.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <section id="go-conditions" aria-labelledby="go-conditions-title">
      <Title order={3} size="h6" id="go-conditions-title">{t('dialog.heading')}</Title>
      <Text size="xs" c="dimmed" mb={4}>{t('dialog.help')}</Text>
      <Stack gap="xs">
        {value.map((c, i) => (
          <Stack key={c.key} gap={4} className="go-condition" data-index={i} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
            <Textarea label={t('field.text')} name={`conditions.${i}.text`} required autosize minRows={1} maxLength={2000} value={c.text} error={errors[`conditions.${i}.text`]} onChange={(e) => set(i, { text: e.currentTarget.value })} />
            <Group grow align="flex-start">
              <NativeSelect label={t('field.owner')} name={`conditions.${i}.ownerId`} required value={c.ownerId} error={errors[`conditions.${i}.ownerId`]} onChange={(e) => set(i, { ownerId: e.currentTarget.value })}
                data={[{ value: '', label: t('dialog.chooseOwner') }, ...team.map((m) => ({ value: m.id, label: `${m.name} (${teamRoleLabel(m.teamRole)})` }))]} />
              <TextInput type="date" label={t('field.dueOn')} name={`conditions.${i}.dueOn`} required value={c.dueOn} error={errors[`conditions.${i}.dueOn`]} onChange={(e) => set(i, { dueOn: e.currentTarget.value })} />
            </Group>
            <Group justify="flex-end">
              <ActionIcon variant="subtle" color="danger" aria-label={t('dialog.remove')} onClick={() => onChange(value.filter((_, j) => j !== i))}>×</ActionIcon>
            </Group>
          </Stack>
        ))}
        <Button variant="light" size="compact-sm" id="add-condition" onClick={() => onChange([...value, newConditionDraft()])} style={{ alignSelf: 'flex-start' }}>{t('dialog.add')}</Button>
      </Stack>
    </section>
  );
}

/** The conditions as the API takes them: every typed row (an empty row is the API's to refuse, on its field). */
export function conditionsBody(value: ConditionDraft[]) {
  return value.map(({ text, ownerId, dueOn }) => ({ text, ownerId, dueOn }));
}
