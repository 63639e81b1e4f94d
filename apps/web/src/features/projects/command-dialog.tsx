import { Alert, Button, Checkbox, List, Loader, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, writeHeaders } from '../../api/client';
import { ApiProblem, describeMissing, describeProblem, fieldErrors } from '../../api/problem';
import { i18n } from '../../i18n';
import { words } from '../../ui/labels';
import type { ProjectView } from './project-queries';
import { REGISTRIES } from './project-commands';
import { ChangedSince, useRevisionGuard } from './revision-guard';
import { valueText } from './values';

// One form for every project command, drawn from the command's request schema in the API's OpenAPI document
// (loaded on demand, so it is not in the first page's JavaScript): a new command or field in the API is a
// new form or field here on `npm run generate:api`, with no hand-written copy to drift.

interface Schema {
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  oneOf?: Schema[];
  description?: string;
  maxLength?: number;
  nullable?: boolean;
}
interface OpenApiDocument {
  paths: Record<string, { post?: { summary?: string; requestBody?: { content: Record<string, { schema: Schema }> } } }>;
  components: { schemas: Record<string, Schema> };
}

export interface Command {
  /** The API route, e.g. `/projects/{projectId}/patents/{patentId}/grant`. */
  route: string;
  /** Path parameters besides projectId. */
  path?: Record<string, string>;
  /** Values to start from (dotted names), e.g. the record a correction targets. */
  prefill?: Record<string, unknown>;
  /** Fields shown read-only: they name what the command is about. */
  fixed?: string[];
}

type Kind = 'enum' | 'boolean' | 'number' | 'date' | 'text' | 'longtext' | 'list' | 'value';
interface Field { name: string; label: string; kind: Kind; required: boolean; options?: string[]; description?: string }

export function useApiDocument() {
  return useQuery({
    queryKey: ['openapi-document'],
    staleTime: Infinity,
    queryFn: async () => (await import('../../api/openapi.json')).default as unknown as OpenApiDocument,
  });
}

/** A command's key in the `commands` catalogue: `/projects/{projectId}/trials/{trialId}/first-patient-in` → `trials_first_patient_in`. */
export function commandKey(route: string): string {
  return route.replace(/^\/projects\/\{projectId\}\//, '').replace(/\/\{[^}]+\}/g, '').replace(/[/-]/g, '_');
}
/** A field's key under its command: dotted names with underscores (`target.kind` → `target_kind`). */
export const fieldKey = (name: string) => name.replace(/\./g, '_');

const commandText = (key: string): string | undefined => (i18n.exists(key, { ns: 'commands' }) ? String(i18n.t(key as never, { ns: 'commands' })) : undefined);

/** A command's title in the reader's language (the `commands` catalogue); an unknown command as its route. */
export function commandTitle(route: string): string {
  return commandText(`${commandKey(route)}.title`) ?? route;
}
/** A field's label and help in the reader's language; an unknown field keeps its name's words (and fails commands.test.ts). */
export function fieldText(route: string, field: Field): { label: string; description?: string } {
  const base = `${commandKey(route)}.fields.${fieldKey(field.name)}`;
  const help = commandText(`${base}.help`);
  return {
    label: commandText(`${base}.label`) ?? field.label,
    // Never the schema's English description: help is the catalogue's, or none.
    description: [help, field.kind === 'list' ? commandText('_form.onePerLine') : undefined].filter(Boolean).join(' ') || undefined,
  };
}
/** An enum option's label (a stage, a patent kind, a record kind …) from the `enums` catalogue. */
export function optionLabel(field: Field, option: string): string {
  return valueText(option, field.name.split('.').pop()).text;
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  return schema.$ref ? resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]) : schema;
}

/** The request schema as a flat list of fields with dotted names, as the API names them in errors[]. */
export function fieldsOf(document: OpenApiDocument, schema: Schema, prefix = '', parentRequired = true): Field[] {
  const s = resolve(document, schema);
  return Object.entries(s.properties ?? {}).flatMap(([key, raw]) => {
    const p = resolve(document, raw);
    const name = prefix ? `${prefix}.${key}` : key;
    const required = parentRequired && (s.required ?? []).includes(key);
    // Ids the server makes when left out are not the person's business.
    if (!required && p.format === 'uuid') return [];
    if (p.type === 'object' || p.properties) return fieldsOf(document, p, name, required);
    const base = { name, label: words(key).replace(/^./, (c) => c.toUpperCase()), required, description: p.description };
    if (p.enum) return [{ ...base, kind: 'enum' as const, options: p.enum }];
    if (p.oneOf) return [{ ...base, kind: 'value' as const }];
    if (p.type === 'boolean') return [{ ...base, kind: 'boolean' as const }];
    if (p.type === 'number' || p.type === 'integer') return [{ ...base, kind: 'number' as const }];
    if (p.type === 'array') return [{ ...base, kind: 'list' as const }];
    if (p.format === 'date') return [{ ...base, kind: 'date' as const }];
    return [{ ...base, kind: (p.maxLength ?? 0) > 500 ? ('longtext' as const) : ('text' as const) }];
  });
}

// Where each kind of record with a field of fixed values is first recorded: a corrected value takes the values that
// command takes (the domain's correction limits are the recording command's).
const RECORDED_BY: Readonly<Record<string, string>> = {
  patent: '/projects/{projectId}/patents',
  verification_test: '/projects/{projectId}/verification-tests',
  design_review: '/projects/{projectId}/design-reviews',
  trial: '/projects/{projectId}/trials',
};

/** The values a correction's new value is chosen from when its field takes a fixed list (a trial's phase, a test's result). */
export function correctionChoices(document: OpenApiDocument, prefill: Record<string, unknown>): string[] | undefined {
  const kind = prefill['target.kind'];
  const field = prefill.field;
  const route = typeof kind === 'string' ? RECORDED_BY[kind] : undefined;
  const schema = route ? document.paths[route]?.post?.requestBody?.content['application/json']?.schema : undefined;
  if (!schema || typeof field !== 'string') return undefined;
  const property = resolve(document, schema).properties?.[field];
  return property ? resolve(document, property).enum : undefined;
}

function setPath(target: Record<string, unknown>, name: string, value: unknown) {
  const keys = name.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** The request body from the form's text: numbers and booleans typed, empty optional fields left out. */
export function buildBody(fields: Field[], values: Record<string, string | boolean>, prefill: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'boolean') {
      if (v !== undefined || f.required) setPath(body, f.name, v === true);
      continue;
    }
    const text = typeof v === 'string' ? v : '';
    if (text === '' && !f.required) continue;
    if (f.kind === 'number') setPath(body, f.name, text === '' ? null : Number(text));
    else if (f.kind === 'list') setPath(body, f.name, text.split('\n').map((s) => s.trim()).filter(Boolean));
    else if (f.kind === 'value') {
      // A corrected value has the type of the value it corrects.
      const like = prefill[f.name] ?? prefill[f.name.replace(/newValue$/, 'oldValue')];
      setPath(body, f.name, typeof like === 'number' ? Number(text) : typeof like === 'boolean' ? text === 'true' : text === '' ? null : text);
    } else setPath(body, f.name, text);
  }
  return body;
}

/**
 * A field that names another record of the project by its id (a verification test's `prototypeId`): the
 * project's live records of that kind, so the person picks one rather than typing a UUID.
 */
export function referenceOptions(project: ProjectView, name: string): { value: string; label: string }[] | undefined {
  const registry = Object.keys(REGISTRIES).find((r) => REGISTRIES[r].idKey === name && r !== 'approvals');
  if (!registry) return undefined;
  const records = ((project.records as Record<string, Record<string, unknown>[]>)[registry] ?? []).filter((r) => !r.retracted);
  return records.map((r) => ({
    value: String(r[name]),
    label: [r.version ?? r.title ?? r.reference, r.description ?? r.summary].filter(Boolean).map(String).join(' — ') || String(r[name]),
  }));
}

export function CommandDialog({ project, command, onClose }: { project: ProjectView; command: Command; onClose: () => void }) {
  const { t } = useTranslation(['commands', 'common']);
  const document = useApiDocument();
  const queries = useQueryClient();
  const guard = useRevisionGuard(project);
  const prefill = command.prefill ?? {};
  const [values, setValues] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(Object.entries(prefill).map(([k, v]) => [k, typeof v === 'boolean' ? v : v === null || v === undefined ? '' : String(v)])),
  );
  const fields = useMemo(() => {
    const schema = document.data?.paths[command.route]?.post?.requestBody?.content['application/json']?.schema;
    return document.data && schema ? fieldsOf(document.data, schema) : [];
  }, [document.data, command.route]);
  useEffect(() => {
    // Required yes/no fields start as "no", so what is sent is what is shown.
    setValues((v) => ({ ...Object.fromEntries(fields.filter((f) => f.kind === 'boolean').map((f) => [f.name, false])), ...v }));
  }, [fields]);

  const run = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST(command.route as never, {
          params: { path: { projectId: project.projectId, ...command.path } },
          body: buildBody(fields, values, prefill),
          headers: writeHeaders(guard.revision, guard.key),
        } as never),
      ),
    onSuccess: () => queries.invalidateQueries(),
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 412) void guard.refresh();
    },
  });
  const errors = fieldErrors(run.error, fields.map((f) => f.name));
  const problem = run.error instanceof ApiProblem ? run.error.problem : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!run.isPending) run.mutate();
  };
  const set = (name: string, value: string | boolean) => setValues((v) => ({ ...v, [name]: value }));

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('common:action.close') }} title={commandTitle(command.route)} size="lg" id="command-dialog">
      {!document.data ? (
        <Loader size="sm" aria-label={t('common:state.loading')} />
      ) : run.isSuccess ? (
        <Stack id="command-done">
          <Text>{t('_form.recorded', { revision: (run.data as { revision: number }).revision })}</Text>
          <Button onClick={onClose}>{t('common:action.close')}</Button>
        </Stack>
      ) : (
        <form onSubmit={submit} id="command-form" data-route={command.route} noValidate>
          <Stack gap="sm">
            {fields.map((f) => {
              const fixed = command.fixed?.includes(f.name);
              const text = fieldText(command.route, f);
              const common = { label: text.label, name: f.name, required: f.required, description: text.description, error: errors[f.name], readOnly: fixed, disabled: fixed && f.kind === 'enum' };
              const value = values[f.name];
              const references = f.kind === 'text' && !fixed ? referenceOptions(project, f.name) : undefined;
              const choices = f.kind === 'value' && !fixed && document.data ? correctionChoices(document.data, prefill) : undefined;
              if (choices)
                return (
                  <NativeSelect key={f.name} {...common} value={String(value ?? '')} onChange={(e) => set(f.name, e.currentTarget.value)}
                    data={choices.map((o) => ({ value: o, label: valueText(o, String(prefill.field)).text }))} />
                );
              if (references)
                return (
                  <NativeSelect key={f.name} {...common} value={String(value ?? '')} onChange={(e) => set(f.name, e.currentTarget.value)}>
                    <option value="">{references.length ? t('_form.choose') : t('_form.noneYet')}</option>
                    {references.map((r) => <option key={r.value} value={r.value} translate="no">{r.label}</option>)}
                  </NativeSelect>
                );
              switch (f.kind) {
                case 'enum':
                  return <NativeSelect key={f.name} {...common} value={String(value ?? '')} onChange={(e) => set(f.name, e.currentTarget.value)} data={[...(f.required ? [] : [{ value: '', label: '—' }]), ...(value ? [] : f.required ? [{ value: '', label: t('_form.choose') }] : []), ...f.options!.map((o) => ({ value: o, label: optionLabel(f, o) }))]} />;
                case 'boolean':
                  return <Checkbox key={f.name} label={text.label} name={f.name} description={text.description} error={errors[f.name]} checked={value === true} onChange={(e) => set(f.name, e.currentTarget.checked)} />;
                case 'longtext':
                case 'list':
                  return <Textarea key={f.name} {...common} autosize minRows={2} value={String(value ?? '')} onChange={(e) => set(f.name, e.currentTarget.value)} />;
                default:
                  return <TextInput key={f.name} {...common} type={f.kind === 'date' ? 'date' : f.kind === 'number' ? 'number' : 'text'} value={String(value ?? '')} onChange={(e) => set(f.name, e.currentTarget.value)} />;
              }
            })}
            <Text size="xs" c="dimmed">{t('_form.onRevision', { revision: guard.revision })}</Text>
            <ChangedSince projectId={project.projectId} guard={guard} error={run.error} onAdopt={() => run.reset()} />
            {run.isError && !(run.error instanceof ApiProblem && run.error.status === 412) && (
              <Alert color="danger" role="alert" id="command-error" title={t('_form.refused')}>
                {describeProblem(run.error)}
                {problem?.missing?.length ? <List size="sm" mt="xs">{problem.missing.map((m) => <List.Item key={m.code}>{describeMissing(m)}</List.Item>)}</List> : null}
                {errors.form && <Text size="sm">{errors.form}</Text>}
              </Alert>
            )}
            <Button type="submit" loading={run.isPending} id="command-submit">{t('_form.submit')}</Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
