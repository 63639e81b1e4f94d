// Whether the record holds the evidence a template asks for. Pure: it reads the project's folded records
// (the shape below, which the project state has) and the gate's day, never a clock.
import type { PatentKind } from '../patents/patents.payloads';
import type { Authority, Pathway, RegulatoryTarget, RiskClass } from '../shared/values';
import { REGISTRY_OF } from '../state';
import type {
  EvidenceRequirement,
  EvidenceSpec,
  PatentDate,
  TemplateCondition,
  TrialAuthorisation,
  TrialPhase,
} from './template.model';

interface Tracked {
  revision: number;
  retracted: boolean;
}
type Records<T> = Record<string, T & Tracked>;

/** The folded records evidence is read from; the project state is one. Registries a record lacks count as empty. */
export interface EvidenceRecords {
  /** Records created at or before this revision no longer count (a recycle moved it). */
  evidenceFloor: number;
  profile: { riskClass: RiskClass; targets: Pick<RegulatoryTarget, 'authority' | 'pathway' | 'breakthrough'>[] } | null;
  disclosures: Records<{ disclosureId: string }>;
  patents: Records<{
    patentId: string;
    jurisdiction: string;
    kind: PatentKind;
    status: 'filed' | 'published' | 'granted' | 'abandoned';
    filedOn: string;
    publishedOn: string | null;
    grantedOn: string | null;
  }>;
  prototypes: Records<{ prototypeId: string }>;
  verificationTests: Records<{ testId: string; prototypeId: string; standard: string; result: 'passed' | 'failed' }>;
  designReviews: Records<{ reviewId: string; outcome: 'passed' | 'passed_with_actions' | 'failed' }>;
  ethicsApprovals: Records<{ ethicsApprovalId: string }>;
  trials: Records<{ trialId: string; status: string; primaryEndpointMet: boolean | null; phase?: TrialPhase | null }>;
  equivalenceEvaluations: Records<{ evaluationId: string; equivalent: boolean }>;
  submissions: Records<{ submissionId: string; authority: Authority; pathway: Pathway }>;
  approvals: Records<{ submissionId: string; authority: Authority }>;
  documents: Record<string, { documentId: string; purpose: string; supersededBy: string | null; revision: number; attachedTo?: { kind: string; id: string } }>;
  trialAuthorisations?: Records<{ authorisationId: string; form: TrialAuthorisation }>;
  designations?: Records<{ designationId: string; programme: string }>;
}

/** One requirement as a gate reports it: satisfied when recordIds is not empty. */
export interface EvidenceResult {
  code: string;
  message: string;
  recordIds: string[];
}

// The six kinds the fixed model knew keep their codes and messages, so its gates answer as before.
const LEGACY: Partial<Record<EvidenceSpec['kind'], { code: string; message: string }>> = {
  disclosure: { code: 'invention_disclosure', message: 'An invention disclosure must be recorded.' },
  patent_filed: {
    code: 'patent_application_filed',
    message: 'At least one patent application must be filed (jurisdiction, application number, filing date).',
  },
  prototype: { code: 'prototype_built', message: 'A prototype version must be built.' },
  verification_test: {
    code: 'verification_passed',
    message:
      'Verification tests (e.g. ISO 10993, IEC 60601, type testing) must be recorded, ' +
      'and the latest result for each standard must be a pass.',
  },
  design_review: { code: 'design_review_held', message: 'A design review must be held with a passing outcome.' },
  ethics_approval: { code: 'ethics_approval', message: 'Ethics committee approval for the study must be recorded.' },
  equivalence_evaluation: {
    code: 'equivalence_evaluation',
    message: 'A clinical evaluation by equivalence to a predicate device must be recorded with a positive conclusion.',
  },
  trial_completed: {
    code: 'trial_completed_endpoint_met',
    message: 'A registered trial must be completed with its primary endpoint met.',
  },
  submission_filed: { code: 'submission_filed', message: 'A submission must be filed with a regulatory authority.' },
  approval_granted: {
    code: 'approval_granted',
    message: 'A regulatory approval must be granted (certificate number, date, class).',
  },
};

/** The code a gate reports for a spec: the fixed model's code for its kinds, the kind's name otherwise. */
export function evidenceCode(spec: EvidenceSpec): string {
  return LEGACY[spec.kind]?.code ?? spec.kind;
}

/** What the gate asks for, in words: the fixed model's sentence for a plain spec, else one naming the parameters. */
export function evidenceMessage(spec: EvidenceSpec): string {
  const { kind, ...params } = spec as EvidenceSpec & { when?: unknown };
  const legacy = LEGACY[kind];
  const named = Object.entries(params).filter(([key, value]) => key !== 'when' && value !== undefined);
  if (legacy && named.length === 0) return legacy.message;
  switch (spec.kind) {
    case 'disclosure':
    case 'prototype':
    case 'design_review':
    case 'ethics_approval':
    case 'equivalence_evaluation':
      return LEGACY[spec.kind]!.message;
    case 'patent_filed':
      return `A patent application${patentWords(spec)} must be filed.`;
    case 'patent_published':
      return `A patent${patentWords(spec)} must be published or granted.`;
    case 'patent_granted':
      return `A patent${patentWords(spec)} must be granted.`;
    case 'verification_test':
      return `A verification test to ${spec.standard} must be recorded, its latest result a pass.`;
    case 'regulator_trial_approval':
      return `The regulator's ${spec.form.replace(/_/g, ' ')} for the study must be recorded.`;
    case 'registered_trial':
      return `A ${spec.phase ? `phase ${spec.phase} ` : ''}trial must be registered (registry and id).`;
    case 'trial_completed':
      return `A registered ${spec.phase ? `phase ${spec.phase} ` : ''}trial must be completed with its primary endpoint met.`;
    case 'submission_filed':
      return `A submission must be filed with ${spec.authority ?? 'a regulatory authority'}${spec.pathway ? ` (${spec.pathway})` : ''}.`;
    case 'approval_granted':
      if (spec.of === 'every_target') return 'Every authority the project targets must grant its approval.';
      return `${approvalCount(spec)} regulatory approval${approvalCount(spec) > 1 ? 's' : ''} must be granted${
        spec.authorities ? ` by ${spec.authorities.join(' or ')}` : ''
      }.`;
    case 'designation_granted':
      return `The ${spec.programme.replace(/_/g, ' ')} designation must be granted.`;
    case 'document':
      return `A ${spec.documentKind.replace(/_/g, ' ')} document must be on the record.`;
  }
}

function patentWords(spec: {
  jurisdiction?: string;
  patentKind?: PatentKind;
  datedWithin?: { years: number; date: PatentDate };
}) {
  const parts = [spec.jurisdiction, spec.patentKind?.replace(/_/g, ' ')].filter(Boolean).join(' ');
  const within = spec.datedWithin
    ? `, its ${DATE_WORDS[spec.datedWithin.date]} within ${spec.datedWithin.years} years`
    : '';
  return `${parts ? ` (${parts})` : ''}${within}`;
}
const DATE_WORDS: Record<PatentDate, string> = { filedOn: 'filing', publishedOn: 'publication', grantedOn: 'grant' };

function approvalCount(spec: { count?: number }): number {
  return spec.count ?? 1;
}

// Records that still count: not retracted, and recorded after the last recycle; oldest first.
function live<T extends Tracked>(records: EvidenceRecords, registry: Record<string, T> | undefined): T[] {
  return Object.values(registry ?? {})
    .filter((r) => !r.retracted && r.revision > records.evidenceFloor)
    .sort((a, b) => a.revision - b.revision);
}

/** The day `years` calendar years before `day` (YYYY-MM-DD), compared as text. */
function yearsBefore(day: string, years: number): string {
  return `${String(Number(day.slice(0, 4)) - years).padStart(4, '0')}${day.slice(4, 10)}`;
}

function matchesPatent(
  p: EvidenceRecords['patents'][string],
  spec: { jurisdiction?: string; patentKind?: PatentKind; datedWithin?: { years: number; date: PatentDate } },
  day: string,
): boolean {
  if (spec.jurisdiction && p.jurisdiction.trim().toUpperCase() !== spec.jurisdiction) return false;
  if (spec.patentKind && p.kind !== spec.patentKind) return false;
  if (spec.datedWithin) {
    const date = p[spec.datedWithin.date];
    if (!date || date < yearsBefore(day, spec.datedWithin.years) || date > day) return false;
  }
  return true;
}

function passingVerification(records: EvidenceRecords, standard: string | undefined): string[] {
  const prototypes = new Set(live(records, records.prototypes).map((p) => p.prototypeId));
  const named = standard === undefined ? null : normaliseStandard(standard);
  const tests = live(records, records.verificationTests).filter(
    (t) => prototypes.has(t.prototypeId) && (named === null || normaliseStandard(t.standard).startsWith(named)),
  );
  // The latest result per standard decides; one failing standard blocks the gate until re-tested.
  const latest = new Map(tests.map((t) => [t.standard.trim().toLowerCase(), t]));
  const results = [...latest.values()];
  return results.length > 0 && results.every((t) => t.result === 'passed') ? results.map((t) => t.testId) : [];
}

// "IEC 60601-1:2005" answers a gate asking for "iec 60601"; spaces and case do not matter.
function normaliseStandard(standard: string): string {
  return standard.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The ids of the records satisfying `spec` on `day` (YYYY-MM-DD); empty when it is not satisfied. */
export function satisfiedBy(records: EvidenceRecords, spec: EvidenceSpec, day: string): string[] {
  switch (spec.kind) {
    case 'disclosure':
      return live(records, records.disclosures).map((d) => d.disclosureId);
    case 'patent_filed':
      return live(records, records.patents)
        .filter((p) => p.status !== 'abandoned' && matchesPatent(p, spec, day))
        .map((p) => p.patentId);
    case 'patent_published':
      return live(records, records.patents)
        .filter((p) => (p.status === 'published' || p.status === 'granted') && matchesPatent(p, spec, day))
        .map((p) => p.patentId);
    case 'patent_granted':
      return live(records, records.patents)
        .filter((p) => p.status === 'granted' && matchesPatent(p, spec, day))
        .map((p) => p.patentId);
    case 'prototype':
      return live(records, records.prototypes).map((p) => p.prototypeId);
    case 'verification_test':
      return passingVerification(records, spec.standard);
    case 'design_review':
      return live(records, records.designReviews)
        .filter((r) => r.outcome !== 'failed')
        .map((r) => r.reviewId);
    case 'ethics_approval':
      return live(records, records.ethicsApprovals).map((e) => e.ethicsApprovalId);
    case 'regulator_trial_approval':
      return live(records, records.trialAuthorisations)
        .filter((a) => a.form === spec.form)
        .map((a) => a.authorisationId);
    case 'registered_trial':
      return live(records, records.trials)
        .filter((t) => !spec.phase || t.phase === spec.phase)
        .map((t) => t.trialId);
    case 'trial_completed':
      return live(records, records.trials)
        .filter(
          (t) => t.status === 'completed' && t.primaryEndpointMet === true && (!spec.phase || t.phase === spec.phase),
        )
        .map((t) => t.trialId);
    case 'equivalence_evaluation':
      return live(records, records.equivalenceEvaluations)
        .filter((e) => e.equivalent)
        .map((e) => e.evaluationId);
    case 'submission_filed':
      return live(records, records.submissions)
        .filter(
          (s) => (!spec.authority || s.authority === spec.authority) && (!spec.pathway || s.pathway === spec.pathway),
        )
        .map((s) => s.submissionId);
    case 'approval_granted':
      return grantedApprovals(records, spec);
    case 'designation_granted':
      return live(records, records.designations)
        .filter((d) => d.programme === spec.programme)
        .map((d) => d.designationId);
    case 'document':
      return Object.values(records.documents)
        .filter((d) => d.purpose === spec.documentKind && d.supersededBy === null && d.revision > records.evidenceFloor && !onRetracted(records, d))
        .sort((a, b) => a.revision - b.revision)
        .map((d) => d.documentId);
    default: {
      const unknown: never = spec;
      throw new Error(`Unknown evidence kind ${(unknown as { kind: string }).kind}`);
    }
  }
}

// A document proves nothing once the record it is attached to was retracted (the IDE letter of an authorisation
// entered by mistake); where that record lives follows REGISTRY_OF.
function onRetracted(records: EvidenceRecords, document: { attachedTo?: { kind: string; id: string } }): boolean {
  const target = document.attachedTo;
  const registry = target && (REGISTRY_OF as Readonly<Record<string, string>>)[target.kind];
  if (!registry) return false;
  const held = (records as unknown as Record<string, Record<string, { retracted?: boolean }> | undefined>)[registry];
  return held !== undefined && Object.hasOwn(held, target.id) && held[target.id].retracted === true;
}

function grantedApprovals(
  records: EvidenceRecords,
  spec: Extract<EvidenceSpec, { kind: 'approval_granted' }>,
): string[] {
  // An approval counts while the submission it answers stands.
  const approvals = live(records, records.approvals).filter((a) => {
    const submission = records.submissions[a.submissionId];
    return submission !== undefined && !submission.retracted;
  });
  if (spec.of === 'every_target') {
    const targets = [...new Set((records.profile?.targets ?? []).map((t) => t.authority))];
    const every = targets.length > 0 && targets.every((authority) => approvals.some((a) => a.authority === authority));
    return every ? approvals.filter((a) => targets.includes(a.authority)).map((a) => a.submissionId) : [];
  }
  const matching = approvals.filter((a) => !spec.authorities || spec.authorities.includes(a.authority));
  const authorities = new Set(matching.map((a) => a.authority));
  return authorities.size >= approvalCount(spec) ? matching.map((a) => a.submissionId) : [];
}

/** Whether a project fact holds; a project not yet proposed meets no condition. */
export function conditionHolds(records: Pick<EvidenceRecords, 'profile'>, condition: TemplateCondition): boolean {
  const profile = records.profile;
  if (!profile) return false;
  switch (condition.kind) {
    case 'risk_class':
      return condition.in.includes(profile.riskClass);
    case 'target':
      return profile.targets.some(
        (t) => t.authority === condition.authority && (!condition.pathway || t.pathway === condition.pathway),
      );
    case 'breakthrough_target':
      return profile.targets.some((t) => t.authority === 'FDA' && t.breakthrough);
    case 'not':
      return !conditionHolds(records, condition.condition);
    case 'any':
      return condition.conditions.some((c) => conditionHolds(records, c));
    default: {
      const unknown: never = condition;
      throw new Error(`Unknown condition ${(unknown as { kind: string }).kind}`);
    }
  }
}

/**
 * Each requirement that applies to this project, with the records satisfying it (empty when unmet), in the
 * template's order. An any-of reports the records of its first satisfied option.
 */
export function evaluateRequirements(
  records: EvidenceRecords,
  requirements: EvidenceRequirement[],
  day: string,
): EvidenceResult[] {
  return requirements
    .filter((r) => !r.when || conditionHolds(records, r.when))
    .map(({ when: _when, ...r }) => {
      if (r.kind !== 'any_of')
        return { code: evidenceCode(r), message: evidenceMessage(r), recordIds: satisfiedBy(records, r, day) };
      for (const option of r.options) {
        const ids = option.map((spec) => satisfiedBy(records, spec, day));
        if (ids.every((found) => found.length > 0)) return { code: r.code, message: r.message, recordIds: ids.flat() };
      }
      return { code: r.code, message: r.message, recordIds: [] };
    });
}
