import { Alert, Anchor, Button, Card, Group, Loader, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { Typed } from '../clinician/typed';
import { GateCard, Sources, StagePath } from './template-parts';
import { useTemplate } from './template-queries';
import { stageIndexOf } from './template-words';

// One template (`/templates/:id`, `?version=N` for an older version, as a project bound to it follows): the stages
// in order as a path, every gate with its evidence and who signs it, skips and their conditions, the sources.
export function TemplatePage() {
  const { templateId } = useParams();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('version')) || undefined;
  const { t } = useTranslation(['templates', 'common']);
  const { me } = useSession();
  // Just recorded by the editor: the new version, said once.
  const saved = (useLocation().state as { saved?: number } | null)?.saved;
  const latest = useTemplate(templateId);
  const shown = useTemplate(templateId, asked);
  const error = latest.error ?? shown.error;
  if (error) return <Alert color="danger" role="alert" m="md">{describeProblem(error)}</Alert>;
  if (!latest.data || !shown.data) return <Loader m="md" aria-label={t('common:state.loading')} />;
  const tpl = shown.data;
  const newest = latest.data.version;
  // Gates in the order of the stages they leave, then of where they lead.
  const gates = [...tpl.gates].sort((a, b) => stageIndexOf(tpl, a.from) - stageIndexOf(tpl, b.from) || stageIndexOf(tpl, a.to) - stageIndexOf(tpl, b.to));
  return (
    <Stack gap="md" maw={1200} mx="auto" id="template-page" data-template={tpl.templateId} data-version={tpl.version}>
      <Anchor component={Link} to="/templates" size="sm">← {t('page.back')}</Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}><Typed>{tpl.name}</Typed></Title>
          <Group gap="sm" mt={4} wrap="wrap">
            <Text size="sm" id="template-version">
              {t('page.showingVersion', { version: tpl.version, latest: newest })}
              {tpl.version === newest && ` (${t('page.latest')})`}
            </Text>
            {newest > 1 && (
              <NativeSelect size="xs" aria-label={t('page.versionPicker')} id="template-version-picker" value={String(tpl.version)}
                onChange={(e) => setParams(Number(e.currentTarget.value) === newest ? {} : { version: e.currentTarget.value })}
                data={Array.from({ length: newest }, (_, i) => ({ value: String(newest - i), label: t('library.versionN', { version: newest - i }) }))} />
            )}
          </Group>
        </div>
        {me?.actor.role === 'admin' && (
          <Group gap="xs">
            <Button component={Link} to={`/templates/${tpl.templateId}/revise`} id="revise-template">{t('page.revise')}</Button>
            <Button component={Link} to={`/templates/new?from=${encodeURIComponent(tpl.templateId)}`} variant="light" id="copy-template">{t('page.copy')}</Button>
          </Group>
        )}
      </Group>
      {saved !== undefined && saved === tpl.version && (
        <Alert color="success" role="status" id="template-saved">{t('editor.saved', { name: tpl.name, version: saved })}</Alert>
      )}
      <Card withBorder>
        <Text size="sm"><Typed block>{tpl.description}</Typed></Text>
        <Group gap="lg" mt="sm" wrap="wrap">
          <Text size="sm"><Text span c="dimmed">{t('page.id')}: </Text><code translate="no">{tpl.templateId}</code></Text>
          <Text size="sm" id="template-approved-when"><Text span c="dimmed">{t('page.approvedWhen')}: </Text>{t(`approvedWhen.${tpl.approvedWhen as 'first_approval' | 'every_target'}`, { defaultValue: tpl.approvedWhen })}</Text>
        </Group>
      </Card>
      <Card withBorder>
        <Title order={3} size="h5">{t('page.path')}</Title>
        <StagePath stages={tpl.stages} name={tpl.name} id="template-path" />
      </Card>
      <div>
        <Title order={3} size="h5" mb="xs">{t('page.gates')}</Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} id="template-gates">
          {gates.map((g) => <GateCard key={`${g.from}->${g.to}`} gate={g} stages={tpl.stages} />)}
        </SimpleGrid>
      </div>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">{t('page.sources')}</Title>
        <Sources sources={tpl.sources} />
      </Card>
    </Stack>
  );
}
