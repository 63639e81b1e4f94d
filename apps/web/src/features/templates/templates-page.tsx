import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { Typed } from '../clinician/typed';
import { Sources } from './template-parts';
import { useTemplates } from './template-queries';

// The library of pathway templates (every signed-in role reads it): each template's name, version, number of
// stages and sources; the admin defines new ones from here.
export function TemplatesPage() {
  const { t } = useTranslation(['templates', 'common']);
  const { me } = useSession();
  const templates = useTemplates();
  return (
    <Stack gap="md" maw={1200} mx="auto" id="templates-page">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={2}>{t('library.title')}</Title>
        {me?.actor.role === 'admin' && (
          <Button component={Link} to="/templates/new" id="define-template">{t('library.define')}</Button>
        )}
      </Group>
      <Text size="sm" maw={820}>{t('library.intro')}</Text>
      {templates.isError && <Alert color="danger" role="alert">{describeProblem(templates.error)}</Alert>}
      {!templates.data ? (
        !templates.isError && <Loader aria-label={t('common:state.loading')} />
      ) : templates.data.templates.length === 0 ? (
        <Text c="dimmed">{t('library.none')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} id="template-list">
          {templates.data.templates.map((tpl) => (
            <Card withBorder component="li" key={tpl.templateId} data-template={tpl.templateId} padding="md">
              <Stack gap={6} h="100%">
                <Anchor component={Link} to={`/templates/${tpl.templateId}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
                  <Typed>{tpl.name}</Typed>
                </Anchor>
                <Group gap={6} wrap="wrap">
                  <Badge variant="light">{t('library.versionN', { version: tpl.version })}</Badge>
                  <Badge variant="light" color="gray">{t('library.stageCount', { count: tpl.stages.length })}</Badge>
                </Group>
                <Text size="xs" c="dimmed" lineClamp={3}><Typed>{tpl.description}</Typed></Text>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="auto">{t('library.sources')}</Text>
                <Sources sources={tpl.sources} />
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
