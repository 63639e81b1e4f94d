import type { ParseKeys } from 'i18next';
import type { Authority, GateDecision, PartnerKind, PartnerRole, Pathway, ProjectStatus, RiskClass, Role, Stage, TeamRole } from '../api/enums';
import { i18n } from '../i18n';

// The words shown for the API's values, from the `enums` catalogue. Each map is a complete record of the API's
// enum (generated from its OpenAPI document) to a catalogue key: a value the API adds without a label here fails
// the web app's typecheck, and a key missing from the catalogue fails it too (keys are typed from en/enums.json).
type EnumKey = ParseKeys<'enums'>;

export const STAGE_KEY: Record<Stage, EnumKey> = {
  idea: 'stage.idea',
  patent: 'stage.patent',
  prototype: 'stage.prototype',
  clinical_validation: 'stage.clinical_validation',
  regulatory_review: 'stage.regulatory_review',
  approved: 'stage.approved',
};
export const STATUS_KEY: Record<ProjectStatus, EnumKey> = {
  active: 'status.active',
  on_hold: 'status.on_hold',
  terminated: 'status.terminated',
  approved: 'status.approved',
};
export const AUTHORITY_KEY: Record<Authority, EnumKey> = { NMPA: 'authority.NMPA', FDA: 'authority.FDA', HSA: 'authority.HSA', EU_MDR: 'authority.EU_MDR' };
export const DECISION_KEY: Record<GateDecision, EnumKey> = {
  go: 'decision.go',
  kill: 'decision.kill',
  hold: 'decision.hold',
  resume: 'decision.resume',
  recycle: 'decision.recycle',
};
export const ROLE_KEY: Record<Role, EnumKey> = {
  innovation_office: 'role.innovation_office',
  clinician: 'role.clinician',
  management: 'role.management',
  admin: 'role.admin',
};
export const RISK_CLASS_KEY: Record<RiskClass, EnumKey> = { I: 'riskClass.I', II: 'riskClass.II', III: 'riskClass.III' };
export const PATHWAY_KEY: Record<Pathway, EnumKey> = {
  registration: 'pathway.registration',
  innovative_special_review: 'pathway.innovative_special_review',
  pma: 'pathway.pma',
  de_novo: 'pathway.de_novo',
  '510k': 'pathway.510k',
  bla: 'pathway.bla',
  full: 'pathway.full',
  abridged: 'pathway.abridged',
  expedited: 'pathway.expedited',
  notified_body: 'pathway.notified_body',
  self_certification: 'pathway.self_certification',
};
export const TEAM_ROLE_KEY: Record<TeamRole, EnumKey> = {
  lead_clinician: 'teamRole.lead_clinician',
  clinician: 'teamRole.clinician',
  engineer: 'teamRole.engineer',
  research_nurse: 'teamRole.research_nurse',
  project_manager: 'teamRole.project_manager',
  other: 'teamRole.other',
};
export const PARTNER_KIND_KEY: Record<PartnerKind, EnumKey> = { enterprise: 'partnerKind.enterprise', institute: 'partnerKind.institute' };
export const PARTNER_ROLE_KEY: Record<PartnerRole, EnumKey> = {
  co_developer: 'partnerRole.co_developer',
  manufacturer: 'partnerRole.manufacturer',
  licensee: 'partnerRole.licensee',
};

/** The label of an enum value in the current language; an unknown value (an API newer than this app) as its code. */
export function enumLabel<T extends string>(keys: Record<T, EnumKey>, value: T | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = (keys as Record<string, EnumKey>)[value];
  return key ? i18n.t(key, { ns: 'enums' }) : value;
}

/** A label for any value of a group in the enums catalogue (`evidence`, `recordKind`, `patentStatus`, …), else the value itself. */
export function groupLabel(group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${group}.${value}`;
  return i18n.exists(key, { ns: 'enums' }) ? i18n.t(key as EnumKey, { ns: 'enums' }) : value;
}

export const stageLabel = (stage: string | null | undefined): string => enumLabel(STAGE_KEY, stage);
export const statusLabel = (status: string | null | undefined): string => enumLabel(STATUS_KEY, status);
export const authorityLabel = (authority: string | null | undefined): string => enumLabel(AUTHORITY_KEY, authority);
export const decisionLabel = (decision: string | null | undefined): string => enumLabel(DECISION_KEY, decision);
export const roleLabel = (role: string | null | undefined): string => enumLabel(ROLE_KEY, role);
export const riskClassLabel = (riskClass: string | null | undefined): string => enumLabel(RISK_CLASS_KEY, riskClass);
export const pathwayLabel = (pathway: string | null | undefined): string => enumLabel(PATHWAY_KEY, pathway);
export const teamRoleLabel = (teamRole: string | null | undefined): string => enumLabel(TEAM_ROLE_KEY, teamRole);
export const partnerKindLabel = (kind: string | null | undefined): string => enumLabel(PARTNER_KIND_KEY, kind);
export const partnerRoleLabel = (role: string | null | undefined): string => enumLabel(PARTNER_ROLE_KEY, role);
export const evidenceLabel = (code: string | null | undefined): string => groupLabel('evidence', code);
export const recordKindLabel = (kind: string | null | undefined): string => groupLabel('recordKind', kind);

/** The old maps (value → label), read in the current language at each access; prefer the functions above. */
function labels<T extends string>(keys: Record<T, EnumKey>): Readonly<Record<T, string>> {
  const out = {} as Record<T, string>;
  for (const value of Object.keys(keys) as T[]) Object.defineProperty(out, value, { enumerable: true, get: () => enumLabel(keys, value) });
  return out;
}
export const STAGE_LABEL = labels(STAGE_KEY);
export const STATUS_LABEL = labels(STATUS_KEY);
export const AUTHORITY_LABEL = labels(AUTHORITY_KEY);
export const DECISION_LABEL = labels(DECISION_KEY);

/**
 * `snake_case` or `camelCase` API words as plain words ("clinical_validation" → "clinical validation").
 * NOT for display: it is English made from a code, and the pseudo-locale test fails on it. Use the catalogue.
 */
export function words(code: string): string {
  return code
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
