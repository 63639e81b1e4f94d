import { Anchor, Fieldset, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTemplates } from './template-queries';

/** The value sent as the proposal's `template`: the id and the version offered (the latest when chosen). */
export interface TemplateChoice {
  templateId: string;
  version: number;
}

// The pathway template a proposed project follows: none (the fixed model, as the API defaults) or one of the
// library's templates at its current version, shown by name and version.
export function TemplateSelect({
  value,
  onChange,
  error,
}: {
  value: TemplateChoice | null;
  onChange: (choice: TemplateChoice | null) => void;
  error?: string;
}) {
  const { t } = useTranslation('templates');
  const templates = useTemplates();
  const list = (templates.data?.templates ?? []).filter((x) => x.templateId !== 'fixed_model');
  const chosen = value ? `${value.templateId}@${value.version}` : '';
  const options = list.map((x) => ({
    value: `${x.templateId}@${x.version}`,
    label: t('select.option', { name: x.name, version: x.version }),
  }));
  // A draft may name a version the library has since revised: it stays offered as it was chosen.
  if (value && !options.some((o) => o.value === chosen))
    options.push({ value: chosen, label: t('select.option', { name: value.templateId, version: value.version }) });
  return (
    <Fieldset legend={t('project.heading')}>
      <NativeSelect
        id="template-picker"
        name="template"
        label={t('select.label')}
        description={
          <>
            {t('select.help')}{' '}
            {value && (
              <Anchor
                component={Link}
                to={`/templates/${value.templateId}?version=${value.version}`}
                size="xs"
                target="_blank"
              >
                {t('select.view')}
              </Anchor>
            )}
          </>
        }
        translate="no"
        value={chosen}
        error={error}
        onChange={(e) => {
          const [templateId, version] = e.currentTarget.value.split('@');
          onChange(templateId ? { templateId, version: Number(version) } : null);
        }}
        data={[{ value: '', label: t('select.none') }, ...options]}
      />
    </Fieldset>
  );
}

/** A template version as an event recorded it (ProjectProposed's `template`): its name and version, linked. */
export function TemplateRef({ value }: { value: unknown }) {
  const { t } = useTranslation('templates');
  const v = (value ?? {}) as { templateId?: string; version?: number; template?: { name?: string } };
  if (!v.templateId) return null;
  return (
    <Anchor component={Link} to={`/templates/${v.templateId}?version=${v.version ?? 1}`} size="sm">
      {t('select.option', { name: v.template?.name ?? v.templateId, version: v.version ?? 1 })}
    </Anchor>
  );
}
