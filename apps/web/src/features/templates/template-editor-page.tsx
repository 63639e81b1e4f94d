import { Alert, Anchor, Button, Card, Grid, Group, List, Loader, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { ParseKeys } from 'i18next';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiProblem, describeProblem, fieldErrors } from '../../api/problem';
import { currentLanguage, i18n } from '../../i18n';
import { useSession } from '../../auth/session';
import { Typed } from '../clinician/typed';
import { useTemplate, useTemplates } from './template-queries';
import type { TemplateView } from './template-words';

// The admin's editor of a template, as JSON: a new template (`/templates/new`, `?from=<id>` to start from a copy)
// or the next version of one (`/templates/:id/revise`, prefilled with its latest version, with a reason). The
// service checks the whole template and names every problem; each is listed beside the editor, the input kept.

export interface TemplateProblem {
  code: string;
  path: string;
  message: string;
}

/** The problems of a refused template (409 invalid_template's `problems`), or none. */
export function templateProblems(error: unknown): TemplateProblem[] {
  if (!(error instanceof ApiProblem) || error.problem.code !== 'invalid_template') return [];
  const problems = (error.problem as { problems?: unknown }).problems;
  return Array.isArray(problems) ? problems.filter((p): p is TemplateProblem => !!p && typeof p === 'object' && typeof (p as TemplateProblem).code === 'string') : [];
}

/** A problem in the reader's language: in English the service's own sentence (it names the stage or gate). */
export function problemWords(problem: TemplateProblem): string {
  if (currentLanguage() === 'en') return problem.message;
  const key = `problem.${problem.code}`;
  return i18n.exists(key, { ns: 'templates' }) ? (i18n.t(key as ParseKeys<'templates'>, { ns: 'templates' }) as string) : (i18n.t('problem.other', { ns: 'templates' }) as string);
}

/** The JSON a template is edited as: the template without its version (the service numbers versions). */
export function editable(template: TemplateView, copyAs?: string): string {
  const { version: _version, ...rest } = template;
  return JSON.stringify(copyAs ? { ...rest, templateId: copyAs } : rest, null, 2);
}

const EMPTY_TEMPLATE = {
  templateId: '',
  name: '',
  description: '',
  sources: [{ publisher: '', document: '', url: 'https://' }],
  stages: [
    { id: 'idea', label: 'Idea', phase: 'idea' },
    { id: 'approved', label: 'Approved', phase: 'approved' },
  ],
  gates: [{ from: 'idea', to: 'approved', evidence: [{ kind: 'approval_granted' }], approval: { signatures: 1, roles: ['innovation_office'], independentReviewer: false } }],
  approvedWhen: 'first_approval',
};

export function TemplateEditorPage() {
  const { templateId } = useParams();
  const revising = !!templateId;
  const [params] = useSearchParams();
  const from = params.get('from') ?? '';
  const { t } = useTranslation(['templates', 'common']);
  const { me } = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const library = useTemplates();
  const current = useTemplate(templateId);
  const source = useTemplate(revising ? undefined : from || undefined);
  const [json, setJson] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // A problem's place in the editor: its line selected and scrolled into view.
  const show = (path: string) => {
    const el = textarea.current;
    const found = json === null ? null : locate(json, path);
    if (!el || !found) return;
    el.focus();
    el.setSelectionRange(found.start, found.end);
    const line = json!.slice(0, found.start).split('\n').length - 1;
    el.scrollTop = Math.max(0, line * (parseFloat(getComputedStyle(el).lineHeight) || 18) - el.clientHeight / 3);
  };

  // The editor starts from the template revised, the copy chosen, or an empty template.
  useEffect(() => {
    if (revising && current.data && json === null) setJson(editable(current.data));
  }, [revising, current.data, json]);
  useEffect(() => {
    if (revising) return;
    if (!from) setJson(JSON.stringify(EMPTY_TEMPLATE, null, 2));
    else if (source.data) setJson(editable(source.data, `${source.data.templateId}_copy`));
  }, [revising, from, source.data]);

  if (me && me.actor.role !== 'admin') return <Alert color="warning" m="md" role="alert">{t('editor.adminOnly')}</Alert>;
  const loadError = current.error ?? source.error ?? library.error;
  if (loadError) return <Alert color="danger" role="alert" m="md">{describeProblem(loadError)}</Alert>;
  if (json === null || (revising && !current.data)) return <Loader m="md" aria-label={t('common:state.loading')} />;

  const problems = templateProblems(error);
  const fields = fieldErrors(error, ['template', 'reason', 'expectedVersion']);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setParseError(null);
    let template: Record<string, unknown>;
    try {
      template = JSON.parse(json!) as Record<string, unknown>;
    } catch (e) {
      setParseError((e as Error).message);
      return;
    }
    setBusy(true);
    try {
      const saved = revising
        ? await unwrap(api.POST('/templates/{templateId}/revisions', { params: { path: { templateId: templateId! } }, body: { template, expectedVersion: current.data!.version, reason } }))
        : await unwrap(api.POST('/templates', { body: { template } }));
      await queries.invalidateQueries({ queryKey: ['templates'] });
      await queries.invalidateQueries({ queryKey: ['template', saved.templateId] });
      void navigate(`/templates/${saved.templateId}`, { state: { saved: saved.version } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const title = revising ? t('editor.reviseTitle', { name: current.data!.name }) : t('editor.defineTitle');
  return (
    <Stack gap="md" maw={1400} mx="auto" id="template-editor">
      <Anchor component={Link} to={revising ? `/templates/${templateId}` : '/templates'} size="sm">← {revising ? <Typed>{current.data!.name}</Typed> : t('page.back')}</Anchor>
      <Title order={2} translate={revising ? 'no' : undefined} style={{ overflowWrap: 'anywhere' }}>{title}</Title>
      <Text size="sm" maw={900}>{t('editor.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card withBorder>
              <Stack gap="sm">
                {revising ? (
                  <Text size="sm" id="revising-from">{t('editor.revisingFrom', { version: current.data!.version })}</Text>
                ) : (
                  <NativeSelect id="start-from" label={t('editor.startFrom')} value={from}
                    onChange={(e) => void navigate(e.currentTarget.value ? `/templates/new?from=${encodeURIComponent(e.currentTarget.value)}` : '/templates/new', { replace: true })}
                    data={[{ value: '', label: t('editor.startFromEmpty') }, ...(library.data?.templates ?? []).map((x) => ({ value: x.templateId, label: t('select.option', { name: x.name, version: x.version }) }))]} />
                )}
                <Textarea ref={textarea} id="template-json" className="template-json" label={t('editor.json')} description={t('editor.jsonHelp')} translate="no" spellCheck={false}
                  autosize minRows={16} maxRows={40} value={json} onChange={(e) => setJson(e.currentTarget.value)}
                  error={parseError ? t('editor.notJson', { message: parseError }) : fields.template} />
                {revising && (
                  <TextInput id="template-reason" label={t('editor.reason')} description={t('editor.reasonHelp')} required translate="no" value={reason}
                    onChange={(e) => setReason(e.currentTarget.value)} error={fields.reason} />
                )}
                <Group>
                  <Button type="submit" loading={busy} id="template-submit">{revising ? t('editor.submitRevise') : t('editor.submitDefine')}</Button>
                </Group>
              </Stack>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <div className="template-problems-column">
            {problems.length > 0 ? (
              <Alert color="danger" role="alert" id="template-problems" title={t('editor.problemsTitle', { count: problems.length })}>
                <Text size="sm" mb="xs">{t('editor.problemsIntro')}</Text>
                <List size="sm" spacing="xs" className="template-problems">
                  {problems.map((p, i) => (
                    <List.Item key={i} data-problem={p.code}>
                      <Text size="sm">{problemWords(p)}</Text>
                      <Text size="xs">
                        {t('editor.where')}: <code translate="no">{p.path || t('editor.whereTemplate')}</code>
                        {json !== null && p.path && locate(json, p.path) && (
                          <Button size="compact-xs" variant="white" ml="xs" data-show={p.path} onClick={() => show(p.path)}>{t('editor.show')}</Button>
                        )}
                      </Text>
                      {currentLanguage() !== 'en' && <Text size="xs" fs="italic" lang="en" translate="no">{p.message}</Text>}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            ) : error !== null && !fields.template && !fields.reason ? (
              <Alert color="danger" role="alert" id="template-error" title={t('editor.refused')}>
                {describeProblem(error)}
                {fields.form && <Text size="sm" mt="xs">{fields.form}</Text>}
              </Alert>
            ) : null}
            </div>
          </Grid.Col>
        </Grid>
      </form>
    </Stack>
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lineAround = (json: string, at: number) => ({ start: json.lastIndexOf('\n', at - 1) + 1, end: (json.indexOf('\n', at) + 1 || json.length + 1) - 1 });

/** Where the n-th element of the JSON array opening at `open` starts (its first property's line), or -1. */
function nthItem(json: string, open: number, n: number): number {
  let depth = 0;
  let count = -1;
  let inString = false;
  for (let i = open; i < json.length; i++) {
    const ch = json[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 2 && ++count === n) return ch === '{' ? json.indexOf('\n', i) + 1 || i : i;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return -1;
    }
  }
  return -1;
}

/**
 * Where a problem's path (`stages[2]`, `gates[a->b].evidence[1]`, `sources[0]`, `name`) is in the JSON as typed: the
 * line to select, or null when it cannot be found (the text no longer has it).
 */
export function locate(json: string, path: string): { start: number; end: number } | null {
  const gate = path.match(/^gates\[(.*?)->(.*?)\]/);
  if (gate) {
    const from = new RegExp(`"from"\\s*:\\s*${escape(JSON.stringify(gate[1]))}`, 'g');
    for (let m = from.exec(json); m; m = from.exec(json)) {
      const to = json.slice(m.index, m.index + 400).search(new RegExp(`"to"\\s*:\\s*${escape(JSON.stringify(gate[2]))}`));
      if (to < 0) continue;
      const evidence = path.match(/\.evidence\[(\d+)\]/);
      const list = evidence ? json.slice(m.index).search(/"evidence"\s*:\s*\[/) : -1;
      const item = list < 0 ? -1 : nthItem(json, json.indexOf('[', m.index + list), Number(evidence![1]));
      return item < 0 ? lineAround(json, m.index) : lineAround(json, item);
    }
    return null;
  }
  const item = path.match(/^(stages|sources)\[(\d+)\]/);
  if (item) {
    let at = json.search(new RegExp(`"${item[1]}"\\s*:\\s*\\[`));
    if (at < 0) return null;
    for (let i = 0; i <= Number(item[2]); i++) {
      at = json.indexOf('{', at + 1);
      if (at < 0) return null;
    }
    // The item's first line inside its brace (its id or publisher).
    const next = json.indexOf('\n', at);
    return lineAround(json, next < 0 ? at : next + 1);
  }
  const key = path.match(/^(\w+)/);
  const at = key ? json.search(new RegExp(`"${key[1]}"\\s*:`)) : -1;
  return at < 0 ? null : lineAround(json, at);
}
