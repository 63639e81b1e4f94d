// The gate-evidence rules: which records each gate needs before a "go", and which records satisfy each need.
import type { ProjectState } from '../state';
import type { Tracked } from '../shared/shapes';
import { Stage, STAGES } from '../shared/values';
import type { EvidenceCode, EvidenceRef, MissingEvidence } from './gates.payloads';

export function nextStage(state: ProjectState): Stage | null {
  if (!state.profile) return null;
  return STAGES[STAGES.indexOf(state.stage) + 1] ?? null;
}

// Gate → evidence required before "go". The prototype → regulatory_review row is the class I/II
// equivalence route; class III is refused that route in the decider.
export const GATE_EVIDENCE: Readonly<Record<string, readonly EvidenceCode[]>> = {
  'idea->patent': ['invention_disclosure'],
  'patent->prototype': ['patent_application_filed'],
  'prototype->clinical_validation': ['prototype_built', 'verification_passed', 'design_review_held', 'ethics_approval'],
  'prototype->regulatory_review': [
    'prototype_built',
    'verification_passed',
    'design_review_held',
    'equivalence_evaluation',
  ],
  'clinical_validation->regulatory_review': ['trial_completed_endpoint_met'],
  'regulatory_review->approved': ['submission_filed', 'approval_granted'],
};

export function gateEvidence(from: Stage, to: Stage): readonly EvidenceCode[] | undefined {
  return GATE_EVIDENCE[`${from}->${to}`];
}

/** The class I/II equivalence route (prototype → regulatory review) asked for a class III device: never open. */
export function isClassIIISkip(state: ProjectState, from: Stage, to: Stage): boolean {
  return to === 'regulatory_review' && from === 'prototype' && state.profile?.riskClass === 'III';
}

/** Where a go may take an active project under the fixed model (the decider refuses any other), the next stage
 * first: what a gate dialog offers. */
export function goTargets(state: ProjectState): Stage[] {
  if (!state.profile || state.status !== 'active') return [];
  return STAGES.filter((to) => gateEvidence(state.stage, to) !== undefined && !isClassIIISkip(state, state.stage, to));
}

// Records that still count: not retracted, and recorded after the last recycle.
function live<T extends Tracked>(state: ProjectState, records: Record<string, T>): T[] {
  return Object.values(records)
    .filter((r) => !r.retracted && r.revision > state.evidenceFloor)
    .sort((a, b) => a.revision - b.revision);
}

function passingVerification(state: ProjectState): string[] {
  const prototypes = new Set(live(state, state.prototypes).map((p) => p.prototypeId));
  const tests = live(state, state.verificationTests).filter((t) => prototypes.has(t.prototypeId));
  // The latest result per standard decides; one failing standard blocks the gate until re-tested.
  const latest = new Map(tests.map((t) => [t.standard.trim().toLowerCase(), t]));
  const results = [...latest.values()];
  return results.length > 0 && results.every((t) => t.result === 'passed') ? results.map((t) => t.testId) : [];
}

const EVIDENCE: Record<EvidenceCode, { message: string; satisfiedBy: (state: ProjectState) => string[] }> = {
  invention_disclosure: {
    message: 'An invention disclosure must be recorded.',
    satisfiedBy: (s) => live(s, s.disclosures).map((d) => d.disclosureId),
  },
  patent_application_filed: {
    message: 'At least one patent application must be filed (jurisdiction, application number, filing date).',
    satisfiedBy: (s) =>
      live(s, s.patents)
        .filter((p) => p.status !== 'abandoned')
        .map((p) => p.patentId),
  },
  prototype_built: {
    message: 'A prototype version must be built.',
    satisfiedBy: (s) => live(s, s.prototypes).map((p) => p.prototypeId),
  },
  verification_passed: {
    message:
      'Verification tests (e.g. ISO 10993, IEC 60601, type testing) must be recorded, ' +
      'and the latest result for each standard must be a pass.',
    satisfiedBy: passingVerification,
  },
  design_review_held: {
    message: 'A design review must be held with a passing outcome.',
    satisfiedBy: (s) =>
      live(s, s.designReviews)
        .filter((r) => r.outcome !== 'failed')
        .map((r) => r.reviewId),
  },
  ethics_approval: {
    message: 'Ethics committee approval for the study must be recorded.',
    satisfiedBy: (s) => live(s, s.ethicsApprovals).map((e) => e.ethicsApprovalId),
  },
  equivalence_evaluation: {
    message: 'A clinical evaluation by equivalence to a predicate device must be recorded with a positive conclusion.',
    satisfiedBy: (s) =>
      live(s, s.equivalenceEvaluations)
        .filter((e) => e.equivalent)
        .map((e) => e.evaluationId),
  },
  trial_completed_endpoint_met: {
    message: 'A registered trial must be completed with its primary endpoint met.',
    satisfiedBy: (s) =>
      live(s, s.trials)
        .filter((t) => t.status === 'completed' && t.primaryEndpointMet === true)
        .map((t) => t.trialId),
  },
  submission_filed: {
    message: 'A submission must be filed with a regulatory authority.',
    satisfiedBy: (s) => live(s, s.submissions).map((x) => x.submissionId),
  },
  approval_granted: {
    message: 'A regulatory approval must be granted (certificate number, date, class).',
    satisfiedBy: (s) =>
      live(s, s.approvals)
        .filter((a) => s.submissions[a.submissionId] && !s.submissions[a.submissionId].retracted)
        .map((a) => a.submissionId),
  },
};

/** Evidence still missing for the gate from the current stage to `target` (default: the next stage). */
export function missingEvidence(state: ProjectState, target: Stage | null = nextStage(state)): MissingEvidence[] {
  if (!state.profile || !target) return [];
  return (gateEvidence(state.stage, target) ?? [])
    .filter((code) => EVIDENCE[code].satisfiedBy(state).length === 0)
    .map((code) => ({ code, message: EVIDENCE[code].message }));
}

/** The records satisfying each requirement of the gate, in the order of the gate table. */
export function evidenceFor(state: ProjectState, target: Stage): EvidenceRef[] {
  const codes = gateEvidence(state.stage, target) ?? [];
  return codes.map((code) => ({ code, recordIds: EVIDENCE[code].satisfiedBy(state) }));
}

export function evidenceMessage(code: EvidenceCode): string {
  return EVIDENCE[code].message;
}
