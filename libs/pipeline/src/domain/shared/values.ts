// Value types shared by every area. All plain JSON: dates are 'YYYY-MM-DD', instants ISO strings.
// A value that belongs to one area (patent kinds, trial registries, signatures...) lives in that area's payloads.

export const ROLES = ['innovation_office', 'clinician', 'management', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** The person (an account's personId): one person may hold several accounts, one per role. */
  id: string;
  name: string;
  role: Role;
  /** The account that acted (its user name); absent in events recorded before accounts were kept. */
  account?: string;
}

export const STAGES = ['idea', 'patent', 'prototype', 'clinical_validation', 'regulatory_review', 'approved'] as const;
export type Stage = (typeof STAGES)[number];

export const PROJECT_STATUSES = ['active', 'on_hold', 'terminated', 'approved'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const RISK_CLASSES = ['I', 'II', 'III'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export const AUTHORITIES = ['NMPA', 'FDA', 'HSA', 'EU_MDR'] as const;
export type Authority = (typeof AUTHORITIES)[number];

// Which pathways each authority offers; a target or submission naming another pair is rejected.
export const PATHWAYS_BY_AUTHORITY = {
  NMPA: ['registration', 'innovative_special_review'],
  // bla: a biologics licence application (21 CFR 601), the licence a cell or gene therapy is marketed under.
  FDA: ['pma', 'de_novo', '510k', 'bla'],
  HSA: ['full', 'abridged', 'expedited'],
  EU_MDR: ['notified_body', 'self_certification'],
} as const satisfies Record<Authority, readonly string[]>;
export type Pathway = (typeof PATHWAYS_BY_AUTHORITY)[Authority][number];
export const PATHWAYS: readonly Pathway[] = [...new Set(Object.values(PATHWAYS_BY_AUTHORITY).flat())];

// The class scheme each authority uses for the device (HSA A-D, EU I/IIa/IIb/III, NMPA and FDA I-III).
export const DEVICE_CLASSES_BY_AUTHORITY = {
  NMPA: ['I', 'II', 'III'],
  FDA: ['I', 'II', 'III'],
  HSA: ['A', 'B', 'C', 'D'],
  EU_MDR: ['I', 'IIa', 'IIb', 'III'],
} as const satisfies Record<Authority, readonly string[]>;

export interface RegulatoryTarget {
  authority: Authority;
  pathway: Pathway;
  /** Authority's own class for the device, or null while not yet determined. */
  deviceClass: string | null;
  /** FDA Breakthrough Devices Program designation; always false for other authorities. */
  breakthrough: boolean;
  /** EU MDR notified body, when chosen; null elsewhere. */
  notifiedBody: string | null;
}

export interface Person {
  /** A person id (an account's personId): compared and stored as `personKey` gives it. */
  id: string;
  name: string;
}

// Person ids are compared as persons, never as typed strings: "dr-chen ", "DR-CHEN" and "dr-chen" are one person.
export const PERSON_ID = /^[\w.@-]{1,128}$/;
// Names that mean something to a JavaScript object are never ids, even where registries have no prototype.
const RESERVED_IDS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasownproperty',
  'tostring',
  'valueof',
]);

/** The canonical form of a person id: Unicode-normalised, trimmed, lower case. */
export function personKey(id: string): string {
  return id.normalize('NFKC').trim().toLowerCase();
}

/** A canonical person id that can name a person: the account name alphabet and no reserved name. */
export function isValidPersonKey(key: string): boolean {
  return PERSON_ID.test(key) && !RESERVED_IDS.has(key);
}

// Records that corrections and retractions can name.
export const RECORD_KINDS = [
  'project',
  'invention_disclosure',
  'patent',
  'prototype',
  'verification_test',
  'design_review',
  'ethics_approval',
  'trial',
  'equivalence_evaluation',
  'submission',
  'approval',
  'milestone',
  'partner',
  'trial_authorisation',
  'designation',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface RecordRef {
  kind: RecordKind;
  /** The record's id; for kind 'project' the projectId, for 'approval' the submissionId. */
  id: string;
}

/** Where an imported command came from: the file and its row (1-based line), and when the row says it happened. */
export interface ImportSource {
  file: string;
  line: number;
  occurredAt: string;
}
