import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import { fmtDate, fmtDateTime, fmtNumber } from '../../ui/format';
import { groupLabel } from '../../ui/labels';

// A recorded value as a person reads it, in their language: an API code (a stage, a patent kind, a status) by its
// label, a date or a moment by Intl, yes/no, a number grouped; anything a person typed exactly as typed, marked
// translate="no" (a title, a reference, a name).

/** Which enum groups (the `enums` catalogue) a field's codes come from, tried in order. */
const GROUPS: Record<string, string[]> = {
  kind: ['patentKind', 'partnerKind', 'recordKind'],
  status: ['patentStatus', 'trialStatus', 'submissionStatus', 'status', 'ideaStatus'],
  result: ['result'],
  outcome: ['result'],
  teamRole: ['teamRole'],
  role: ['partnerRole', 'role', 'teamRole'],
  authority: ['authority'],
  pathway: ['pathway'],
  registry: ['registry'],
  phase: ['trialPhase'],
  form: ['trialForm'],
  programme: ['programme'],
  riskClass: ['riskClass'],
  decision: ['decision'],
  stage: ['stage'],
  fromStage: ['stage'],
  toStage: ['stage'],
  targetStage: ['stage'],
  nextStage: ['stage'],
  code: ['evidence'],
};

/** A field's name (an API key such as `filedOn`) as a label; an unknown key stays as it is. */
export function fieldLabel(key: string): string {
  return i18n.exists(`field.${key}`, { ns: 'enums' }) ? groupLabel('field', key) : key;
}

export interface ValueText {
  text: string;
  /** Typed by a person: shown as typed, never translated. */
  typed: boolean;
}

/** One scalar value as text. */
export function valueText(value: unknown, field?: string): ValueText {
  if (value === null || value === undefined || value === '') return { text: '—', typed: false };
  if (typeof value === 'boolean') return { text: i18n.t(value ? 'yes' : 'no', { ns: 'enums' }), typed: false };
  if (typeof value === 'number') return { text: /revision/i.test(field ?? '') ? String(value) : fmtNumber(value, 2), typed: false };
  const s = String(value);
  for (const group of (field && GROUPS[field]) || []) {
    if (i18n.exists(`${group}.${s}`, { ns: 'enums' })) return { text: groupLabel(group, s), typed: false };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { text: fmtDate(s), typed: false };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return { text: fmtDateTime(s), typed: false };
  return { text: s, typed: true };
}

/** Any recorded value as one line of plain text (menus, titles): objects as "label: value; …". */
export function show(value: unknown, field?: string): string {
  if (Array.isArray(value)) return value.length ? value.map((v) => show(v, field)).join(', ') : '—';
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${fieldLabel(k)}: ${show(v, k)}`).join('; ');
  return valueText(value, field).text;
}

/** A recorded value in JSX: what a person typed is wrapped in translate="no". */
export function Val({ value, field }: { value: unknown; field?: string }): ReactNode {
  useTranslation(); // re-drawn when the language changes
  if (Array.isArray(value)) {
    if (!value.length) return '—';
    return value.map((v, i) => <Fragment key={i}>{i ? ', ' : ''}<Val value={v} field={field} /></Fragment>);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v], i) => (
      <Fragment key={k}>{i ? '; ' : ''}{fieldLabel(k)}: <Val value={v} field={k} /></Fragment>
    ));
  }
  const { text, typed } = valueText(value, field);
  return typed ? <span translate="no">{text}</span> : text;
}
