import type { ParseKeys } from 'i18next';
import { i18n, intlLocale, marked } from '../../i18n';
import { AUTHORITY_KEY, enumLabel, groupLabel, PATHWAY_KEY, RISK_CLASS_KEY, ROLE_KEY } from '../../ui/labels';
import type { components } from '../../api/schema';

// A template's gates in words, in the reader's language: each piece of evidence with its parameters, the approval
// rule ("2 signatures from innovation office or management, one from outside the project team"), skip conditions.
// Templates arrive as JSON (evidence and conditions are open objects in the API's document), so every reader here
// accepts what it does not know and names its kind rather than failing.

export type TemplateView = components['schemas']['TemplateView'];
export type ApprovalRule = components['schemas']['ApprovalRuleView'];
type Json = Record<string, unknown>;
type Key = ParseKeys<'templates'>;

const t = (key: Key, options: Record<string, unknown> = {}): string => i18n.t(key, { ns: 'templates', ...options }) as string;
const has = (key: string): boolean => i18n.exists(key, { ns: 'templates' });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (items: string[], type: 'conjunction' | 'disjunction'): string =>
  items.length <= 1 ? (items[0] ?? '') : marked(new Intl.ListFormat(intlLocale(), { style: 'long', type }).format(items));

export const roleWords = (role: string): string => enumLabel(ROLE_KEY, role);
const authority = (a: unknown): string => enumLabel(AUTHORITY_KEY, str(a));
const pathway = (p: unknown): string => enumLabel(PATHWAY_KEY, str(p));

/** "2 signatures from innovation office or management, at least 1 from management, one from outside the project team". */
export function approvalWords(rule: ApprovalRule): string {
  const parts = [t('approval.signatures', { count: rule.signatures, roles: list(rule.roles.map(roleWords), 'disjunction') })];
  for (const [role, n] of Object.entries(rule.minimumPerRole ?? {})) {
    if (n > 0) parts.push(t('approval.minimum', { count: n, role: roleWords(role) }));
  }
  if (rule.independentReviewer) parts.push(t('approval.independent'));
  return parts.join(t('approval.separator'));
}

/** A skip's or a requirement's condition: facts of the project (risk class, targets, Breakthrough). */
export function conditionWords(condition: unknown): string {
  const c = (condition ?? {}) as Json;
  switch (c.kind) {
    case 'risk_class':
      return t('condition.risk_class', { classes: list((Array.isArray(c.in) ? c.in : []).map((k) => enumLabel(RISK_CLASS_KEY, str(k))), 'disjunction') });
    case 'target':
      return c.pathway ? t('condition.target_pathway', { authority: authority(c.authority), pathway: pathway(c.pathway) }) : t('condition.target', { authority: authority(c.authority) });
    case 'breakthrough_target':
      return t('condition.breakthrough_target');
    case 'not':
      return t('condition.not', { condition: conditionWords(c.condition) });
    case 'any':
      return t('condition.any', { conditions: list((Array.isArray(c.conditions) ? c.conditions : []).map(conditionWords), 'disjunction') });
    default:
      return t('condition.unknown', { kind: str(c.kind) });
  }
}

function patentFilter(spec: Json): string {
  const parts: string[] = [];
  if (spec.patentKind) parts.push(groupLabel('patentKind', str(spec.patentKind)));
  if (spec.jurisdiction) parts.push(t('evidence.patentIn', { jurisdiction: str(spec.jurisdiction) }));
  const within = spec.datedWithin as { years?: number; date?: string } | undefined;
  if (within?.years) {
    const date = has(`evidence.date.${within.date}`) ? t(`evidence.date.${within.date}` as Key) : str(within.date);
    parts.push(t('evidence.within', { years: within.years, date }));
  }
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** One piece of evidence from the catalogue, with its parameters, as a sentence. */
export function evidenceWords(spec: Json): string {
  switch (spec.kind) {
    case 'disclosure':
    case 'prototype':
    case 'design_review':
    case 'ethics_approval':
    case 'equivalence_evaluation':
      return t(`evidence.${spec.kind}`);
    case 'patent_filed':
    case 'patent_published':
    case 'patent_granted':
      return t(`evidence.${spec.kind}`, { filter: patentFilter(spec) });
    case 'verification_test':
      return spec.standard ? t('evidence.verification_test_standard', { standard: str(spec.standard) }) : t('evidence.verification_test');
    case 'regulator_trial_approval':
      return t('evidence.regulator_trial_approval', { form: has(`form.${str(spec.form)}`) ? t(`form.${str(spec.form)}` as Key) : str(spec.form) });
    case 'registered_trial':
    case 'trial_completed':
      return spec.phase ? t(`evidence.${spec.kind}_phase`, { phase: str(spec.phase) }) : t(`evidence.${spec.kind}`);
    case 'submission_filed': {
      if (!spec.authority) return t('evidence.submission_filed');
      const to = spec.pathway ? `${authority(spec.authority)} (${pathway(spec.pathway)})` : authority(spec.authority);
      return t('evidence.submission_filed_with', { authority: to });
    }
    case 'approval_granted': {
      if (spec.of === 'every_target') return t('evidence.approval_every_target');
      const granted = t('evidence.approval_granted', { count: typeof spec.count === 'number' ? spec.count : 1 });
      const by = Array.isArray(spec.authorities) && spec.authorities.length ? ` ${t('evidence.approval_by', { authorities: list(spec.authorities.map(authority), 'disjunction') })}` : '';
      return `${granted}${by}`;
    }
    case 'designation_granted':
      return t('evidence.designation_granted', { programme: has(`programme.${str(spec.programme)}`) ? t(`programme.${str(spec.programme)}` as Key) : str(spec.programme) });
    case 'document': {
      const kind = str(spec.documentKind);
      const label = i18n.exists(`purpose.${kind}`, { ns: 'documents' }) ? (i18n.t(`purpose.${kind}` as ParseKeys<'documents'>, { ns: 'documents' }) as string) : kind;
      return t('evidence.document', { documentKind: label });
    }
    default:
      return t('evidence.unknown', { kind: str(spec.kind) });
  }
}

/** A requirement as lines to show: a plain spec is one line; an any-of is a heading and one line per option. */
export interface RequirementWords {
  text: string;
  options?: string[];
  when?: string;
}
export function requirementWords(requirement: Json): RequirementWords {
  const when = requirement.when ? t('evidence.onlyWhen', { condition: conditionWords(requirement.when) }) : undefined;
  if (requirement.kind === 'any_of') {
    const options = (Array.isArray(requirement.options) ? requirement.options : []).map((option: unknown) =>
      list((Array.isArray(option) ? option : []).map((s) => evidenceWords(s as Json)), 'conjunction'),
    );
    return { text: t('evidence.any_of'), options, ...(when ? { when } : {}) };
  }
  return { text: evidenceWords(requirement), ...(when ? { when } : {}) };
}

/** A stage's place in the template's order (gates are listed in the order of the stages they join). */
export const stageIndexOf = (template: Pick<TemplateView, 'stages'>, stageId: string): number => template.stages.findIndex((s) => s.id === stageId);
