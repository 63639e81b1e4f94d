import { GateEvent, ProjectEvent } from './project.events';
import {
  Authority,
  CorrectableValue,
  DesignReviewOutcome,
  EvidenceCode,
  EvidenceRef,
  GateDecision,
  IdeaDisclosure,
  IdeaProposal,
  IdeaStatus,
  MissingEvidence,
  Partner,
  PatentKind,
  Pathway,
  Person,
  ProjectStatus,
  RecordKind,
  RecordRef,
  RegulatoryTarget,
  RiskClass,
  PaperDecision,
  Signature,
  STAGES,
  Stage,
  TeamRole,
  TestResult,
  TrialRegistry,
  personKey,
} from './project.values';

import { documentRecordOf } from './project.documents';
import type { DocumentRecord } from './project.documents';

export interface ProjectProfile {
  projectId: string;
  title: string;
  summary: string;
  deviceType: string;
  riskClass: RiskClass;
  targets: RegulatoryTarget[];
  therapeuticArea: string;
  institution: string;
  department: string;
  leadClinician: Person;
  proposedAt: string;
}

// Every record keeps the revision that created it (recycles discount older evidence) and a retraction flag.
interface Tracked {
  revision: number;
  retracted: boolean;
}

export interface DisclosureRecord extends Tracked {
  disclosureId: string;
  title: string;
  summary: string;
  inventors: string[];
  disclosedOn: string;
}

export type PatentStatus = 'filed' | 'published' | 'granted' | 'abandoned';
export interface PatentRecord extends Tracked {
  patentId: string;
  title: string;
  jurisdiction: string;
  kind: PatentKind;
  applicationNumber: string;
  filedOn: string;
  status: PatentStatus;
  publicationNumber: string | null;
  publishedOn: string | null;
  patentNumber: string | null;
  grantedOn: string | null;
  abandonedOn: string | null;
  abandonReason: string | null;
}

export interface PrototypeRecord extends Tracked {
  prototypeId: string;
  version: string;
  description: string;
  builtOn: string;
}

export interface VerificationTestRecord extends Tracked {
  testId: string;
  prototypeId: string;
  standard: string;
  lab: string;
  result: TestResult;
  testedOn: string;
  reportReference: string;
  /** The lab's accreditation numbers; null when not given (and in events recorded before they were kept). */
  cnasNumber: string | null;
  cmaNumber: string | null;
  iso17025Number: string | null;
}

export interface DesignReviewRecord extends Tracked {
  reviewId: string;
  heldOn: string;
  outcome: DesignReviewOutcome;
  summary: string;
}

export interface EthicsApprovalRecord extends Tracked {
  ethicsApprovalId: string;
  committee: string;
  reference: string;
  approvedOn: string;
}

export type TrialStatus = 'registered' | 'recruiting' | 'completed';
export interface TrialRecord extends Tracked {
  trialId: string;
  title: string;
  registry: TrialRegistry;
  registryId: string;
  targetEnrolment: number;
  enrolled: number;
  status: TrialStatus;
  registeredOn: string;
  firstPatientInOn: string | null;
  completedOn: string | null;
  primaryEndpointMet: boolean | null;
  resultSummary: string | null;
}

export interface EquivalenceRecord extends Tracked {
  evaluationId: string;
  predicateDevice: string;
  predicateManufacturer: string;
  predicateReference: string;
  equivalent: boolean;
  evaluatedOn: string;
}

export type SubmissionStatus = 'under_review' | 'deficiency_open' | 'approved' | 'rejected';
export interface SubmissionRecord extends Tracked {
  submissionId: string;
  authority: Authority;
  pathway: Pathway;
  reference: string;
  filedOn: string;
  status: SubmissionStatus;
  deficiencies: { receivedOn: string; summary: string; answeredOn: string | null; answer: string | null }[];
  rejectedOn: string | null;
  rejectionReason: string | null;
}

export interface ApprovalRecord extends Tracked {
  submissionId: string;
  authority: Authority;
  certificateNumber: string;
  approvedOn: string;
  deviceClass: string;
}

export interface MilestoneRecord extends Tracked {
  milestoneId: string;
  title: string;
  description: string;
  occurredOn: string;
  loggedBy: string;
}

export interface PartnerRecord extends Partner {
  revision: number;
  active: boolean;
}

export interface TeamMemberRecord extends Person {
  teamRole: TeamRole;
  active: boolean;
}

export interface CorrectionEntry {
  revision: number;
  target: RecordRef;
  field: string;
  oldValue: CorrectableValue;
  newValue: CorrectableValue;
  reason: string;
}

export interface RetractionEntry {
  revision: number;
  target: RecordRef;
  reason: string;
}

export interface GateDecisionEntry {
  revision: number;
  decision: GateDecision;
  fromStage: Stage;
  toStage: Stage;
  reason: string | null;
  /** Absent for a decision taken on paper (imported), which carries the paper instead. */
  signature?: Signature;
  paper?: PaperDecision;
}

export interface StageEntry {
  stage: Stage;
  enteredAt: string;
  revision: number;
}

/** A doctor's idea: what was submitted, by whom, and what the screening made of it. */
export interface IdeaRecord extends IdeaProposal {
  status: IdeaStatus;
  disclosure: IdeaDisclosure | null;
  submittedBy: Person;
  /** When this version of the idea was submitted (a resubmission starts a new screening). */
  submittedAt: string;
  /** How many times it was submitted: 1, then one more for each resubmission. */
  submissions: number;
  screenedAt: string | null;
  /** The office's reason when it declined the idea (shown to the clinician), or when it accepted it. */
  screeningReason: string | null;
}

export interface ProjectState {
  /** -1 before any event; afterwards the 0-based revision of the last event evolved. */
  revision: number;
  /** Set when the stream began as a clinician's idea; null for a project the office proposed directly. */
  idea: IdeaRecord | null;
  profile: ProjectProfile | null;
  stage: Stage;
  status: ProjectStatus;
  // Records created at or before this revision no longer count as gate evidence (moved by a recycle).
  evidenceFloor: number;
  disclosures: Record<string, DisclosureRecord>;
  patents: Record<string, PatentRecord>;
  prototypes: Record<string, PrototypeRecord>;
  verificationTests: Record<string, VerificationTestRecord>;
  designReviews: Record<string, DesignReviewRecord>;
  ethicsApprovals: Record<string, EthicsApprovalRecord>;
  trials: Record<string, TrialRecord>;
  equivalenceEvaluations: Record<string, EquivalenceRecord>;
  submissions: Record<string, SubmissionRecord>;
  approvals: Record<string, ApprovalRecord>;
  milestones: Record<string, MilestoneRecord>;
  partners: Record<string, PartnerRecord>;
  team: Record<string, TeamMemberRecord>;
  /** Every document version by id, superseded ones included (see project.documents.ts). */
  documents: Record<string, DocumentRecord>;
  corrections: CorrectionEntry[];
  retractions: RetractionEntry[];
  gateDecisions: GateDecisionEntry[];
  stageHistory: StageEntry[];
}

/**
 * A registry keyed by ids that came from input: no prototype, so an id such as `__proto__` or `constructor`
 * is an ordinary key, stored, found and removed like any other.
 */
export function registry<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const map = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) map[key] = value;
  return map;
}

export function initialState(): ProjectState {
  return {
    revision: -1,
    idea: null,
    profile: null,
    stage: 'idea',
    status: 'active',
    evidenceFloor: -1,
    disclosures: registry(),
    patents: registry(),
    prototypes: registry(),
    verificationTests: registry(),
    designReviews: registry(),
    ethicsApprovals: registry(),
    trials: registry(),
    equivalenceEvaluations: registry(),
    submissions: registry(),
    approvals: registry(),
    milestones: registry(),
    partners: registry(),
    team: registry(),
    documents: registry(),
    corrections: [],
    retractions: [],
    gateDecisions: [],
    stageHistory: [],
  };
}

// Where each record kind lives in the state (the project itself lives in `profile`).
export const REGISTRY_OF = {
  invention_disclosure: 'disclosures',
  patent: 'patents',
  prototype: 'prototypes',
  verification_test: 'verificationTests',
  design_review: 'designReviews',
  ethics_approval: 'ethicsApprovals',
  trial: 'trials',
  equivalence_evaluation: 'equivalenceEvaluations',
  submission: 'submissions',
  approval: 'approvals',
  milestone: 'milestones',
  partner: 'partners',
} as const satisfies Record<Exclude<RecordKind, 'project'>, keyof ProjectState>;

type Registry = (typeof REGISTRY_OF)[keyof typeof REGISTRY_OF] | 'team' | 'documents';
type Log = 'corrections' | 'retractions' | 'gateDecisions' | 'stageHistory';

/** The record a correction or retraction names, as a plain field map; undefined if there is none. */
export function findRecord(state: ProjectState, ref: RecordRef): Record<string, unknown> | undefined {
  if (ref.kind === 'project') {
    return state.profile?.projectId === ref.id ? { ...state.profile } : undefined;
  }
  const registry = state[REGISTRY_OF[ref.kind]] as unknown as Record<string, Record<string, unknown>>;
  return Object.prototype.hasOwnProperty.call(registry, ref.id) ? registry[ref.id] : undefined;
}

/**
 * Copy on first write. One `evolve` copies every registry or list it changes, so the state it was given
 * stays as it was. A fold copies each of them at most once and then writes its own copy in place: folding
 * n events costs O(n), not O(n²). Only copies this writer made are ever written, never anything reachable
 * from the state a fold started from, and the intermediate states of a fold are never handed out.
 */
class Writer {
  private readonly owned: WeakSet<object> | null;

  constructor(reuse: boolean) {
    this.owned = reuse ? new WeakSet() : null;
  }

  /** `state` is always the top-level state `apply` owns, so its fields may be replaced. */
  put<K extends Registry>(state: ProjectState, key: K, id: string, record: ProjectState[K][string]): ProjectState {
    const registry = this.own(state[key]);
    registry[id] = record;
    state[key] = registry;
    return state;
  }

  patch<K extends Registry>(
    state: ProjectState,
    key: K,
    id: string,
    change: Partial<ProjectState[K][string]>,
  ): ProjectState {
    const current = state[key][id];
    return current ? this.put(state, key, id, { ...current, ...change } as ProjectState[K][string]) : state;
  }

  patchRef(state: ProjectState, ref: RecordRef, change: Record<string, unknown>): ProjectState {
    if (ref.kind === 'project') {
      if (state.profile) state.profile = { ...state.profile, ...change };
      return state;
    }
    return this.patch(state, REGISTRY_OF[ref.kind], ref.id, change as never);
  }

  append<K extends Log>(state: ProjectState, key: K, entry: ProjectState[K][number]): ProjectState {
    const log = this.own(state[key]) as ProjectState[K][number][];
    log.push(entry);
    state[key] = log as ProjectState[K];
    return state;
  }

  /** `value` itself if this writer made it, else a copy that it now owns. */
  own<T extends object>(value: T): T {
    if (this.owned?.has(value)) return value;
    // A registry keeps its null prototype through every copy (see `registry`).
    const copy = (
      Array.isArray(value) ? [...value] : Object.getPrototypeOf(value) === null ? Object.assign(Object.create(null), value) : { ...value }
    ) as T;
    this.owned?.add(copy);
    return copy;
  }
}

// A lone evolve owns nothing, so it copies whatever it changes.
const PURE = new Writer(false);

export function evolve(previous: ProjectState, event: ProjectEvent): ProjectState {
  return apply(previous, event, PURE);
}

/** Folds `events` onto `state` in linear time; the same result as `events.reduce(evolve, state)`. */
export function evolveAll(state: ProjectState, events: Iterable<ProjectEvent>): ProjectState {
  const writer = new Writer(true);
  let current = state;
  for (const event of events) current = apply(current, event, writer);
  return current;
}

function apply(previous: ProjectState, event: ProjectEvent, w: Writer): ProjectState {
  const revision = previous.revision + 1;
  const state = w.own(previous);
  state.revision = revision;
  // New records are built with Object.assign on fresh objects: in V8 a spread followed by keys the source lacks
  // ({ ...fields, revision }) is many times slower, and a long fold builds one for every event.
  switch (event.type) {
    case 'IdeaSubmitted':
    case 'IdeaResubmitted': {
      const { projectId: _projectId, ...submitted } = event.data;
      state.idea = Object.assign({}, submitted, {
        status: 'submitted' as const,
        submissions: (previous.idea?.submissions ?? 0) + 1,
        screenedAt: null,
        screeningReason: null,
      });
      return state;
    }
    case 'IdeaAccepted':
      if (state.idea) state.idea = { ...state.idea, status: 'accepted', screenedAt: event.data.acceptedAt, screeningReason: event.data.reason };
      return state;
    case 'IdeaDeclined':
      if (state.idea) state.idea = { ...state.idea, status: 'declined', screenedAt: event.data.declinedAt, screeningReason: event.data.reason };
      return state;
    case 'ProjectProposed': {
      const { partners, proposedAt, ...profile } = event.data;
      const lead = event.data.leadClinician;
      return {
        ...state,
        profile: { ...profile, proposedAt },
        stage: 'idea',
        status: 'active',
        partners: registry(partners.map((p) => [p.partnerId, { ...p, revision, active: true }] as const)),
        // The lead clinician is on the team from the start, keyed as a person.
        team: registry([[personKey(lead.id), { ...lead, teamRole: 'lead_clinician' as const, active: true }]]),
        stageHistory: [{ stage: 'idea', enteredAt: proposedAt, revision }],
      };
    }
    case 'InventionDisclosureRecorded': {
      const { projectId: _, ...d } = event.data;
      return w.put(state, 'disclosures', d.disclosureId, Object.assign(d, { revision, retracted: false }));
    }
    case 'PatentFiled': {
      const { projectId: _, ...p } = event.data;
      return w.put(state, 'patents', p.patentId, Object.assign(p, {
        status: 'filed' as const,
        publicationNumber: null,
        publishedOn: null,
        patentNumber: null,
        grantedOn: null,
        abandonedOn: null,
        abandonReason: null,
        revision,
        retracted: false,
      }));
    }
    case 'PatentPublished': {
      const { patentId, publicationNumber, publishedOn } = event.data;
      return w.patch(state, 'patents', patentId, { status: 'published', publicationNumber, publishedOn });
    }
    case 'PatentGranted': {
      const { patentId, patentNumber, grantedOn } = event.data;
      return w.patch(state, 'patents', patentId, { status: 'granted', patentNumber, grantedOn });
    }
    case 'PatentAbandoned': {
      const { patentId, abandonedOn, reason } = event.data;
      return w.patch(state, 'patents', patentId, { status: 'abandoned', abandonedOn, abandonReason: reason });
    }
    case 'PrototypeBuilt': {
      const { projectId: _, ...p } = event.data;
      return w.put(state, 'prototypes', p.prototypeId, Object.assign(p, { revision, retracted: false }));
    }
    case 'VerificationTestRecorded': {
      const { projectId: _, ...t } = event.data;
      return w.put(state, 'verificationTests', t.testId, Object.assign(t, {
        cnasNumber: t.cnasNumber ?? null,
        cmaNumber: t.cmaNumber ?? null,
        iso17025Number: t.iso17025Number ?? null,
        revision,
        retracted: false,
      }));
    }
    case 'DesignReviewHeld': {
      const { projectId: _, ...r } = event.data;
      return w.put(state, 'designReviews', r.reviewId, Object.assign(r, { revision, retracted: false }));
    }
    case 'EthicsApprovalRecorded': {
      const { projectId: _, ...e } = event.data;
      return w.put(state, 'ethicsApprovals', e.ethicsApprovalId, Object.assign(e, { revision, retracted: false }));
    }
    case 'TrialRegistered': {
      const { projectId: _, ...t } = event.data;
      return w.put(state, 'trials', t.trialId, Object.assign(t, {
        enrolled: 0,
        status: 'registered' as const,
        firstPatientInOn: null,
        completedOn: null,
        primaryEndpointMet: null,
        resultSummary: null,
        revision,
        retracted: false,
      }));
    }
    case 'FirstPatientEnrolled':
      return w.patch(state, 'trials', event.data.trialId, {
        status: 'recruiting',
        enrolled: Math.max(1, state.trials[event.data.trialId]?.enrolled ?? 0),
        firstPatientInOn: event.data.occurredOn,
      });
    case 'EnrolmentUpdated':
      return w.patch(state, 'trials', event.data.trialId, { enrolled: event.data.enrolled });
    case 'TrialCompleted': {
      const { trialId, completedOn, primaryEndpointMet, resultSummary } = event.data;
      return w.patch(state, 'trials', trialId, { status: 'completed', completedOn, primaryEndpointMet, resultSummary });
    }
    case 'EquivalenceEvaluationRecorded': {
      const { projectId: _, ...e } = event.data;
      return w.put(state, 'equivalenceEvaluations', e.evaluationId, Object.assign(e, { revision, retracted: false }));
    }
    case 'SubmissionFiled': {
      const { projectId: _, ...s } = event.data;
      return w.put(state, 'submissions', s.submissionId, Object.assign(s, {
        status: 'under_review' as const,
        deficiencies: [],
        rejectedOn: null,
        rejectionReason: null,
        revision,
        retracted: false,
      }));
    }
    case 'SubmissionDeficiencyReceived': {
      const { submissionId, receivedOn, summary } = event.data;
      const submission = state.submissions[submissionId];
      if (!submission) return state;
      return w.patch(state, 'submissions', submissionId, {
        status: 'deficiency_open',
        deficiencies: [...submission.deficiencies, { receivedOn, summary, answeredOn: null, answer: null }],
      });
    }
    case 'SubmissionDeficiencyAnswered': {
      const { submissionId, answeredOn, summary } = event.data;
      const submission = state.submissions[submissionId];
      if (!submission) return state;
      // Answers close the oldest open deficiency: one letter, one answer.
      const open = submission.deficiencies.findIndex((d) => d.answeredOn === null);
      const deficiencies = submission.deficiencies.map((d, i) => (i === open ? { ...d, answeredOn, answer: summary } : d));
      const stillOpen = deficiencies.some((d) => d.answeredOn === null);
      return w.patch(state, 'submissions', submissionId, {
        deficiencies,
        status: stillOpen ? 'deficiency_open' : 'under_review',
      });
    }
    case 'SubmissionApproved': {
      const { projectId: _, ...a } = event.data;
      const approved = w.patch(state, 'submissions', a.submissionId, { status: 'approved' });
      return w.put(approved, 'approvals', a.submissionId, Object.assign(a, { revision, retracted: false }));
    }
    case 'SubmissionRejected': {
      const { submissionId, rejectedOn, reason } = event.data;
      return w.patch(state, 'submissions', submissionId, { status: 'rejected', rejectedOn, rejectionReason: reason });
    }
    case 'TeamMemberAdded': {
      const { member, teamRole } = event.data;
      return w.put(state, 'team', personKey(member.id), Object.assign({}, member, { teamRole, active: true }));
    }
    case 'TeamMemberRemoved':
      return w.patch(state, 'team', personKey(event.data.memberId), { active: false });
    case 'PartnerAdded': {
      const { partner } = event.data;
      return w.put(state, 'partners', partner.partnerId, Object.assign({}, partner, { revision, active: true }));
    }
    case 'PartnerRemoved':
      return w.patch(state, 'partners', event.data.partnerId, { active: false });
    case 'MilestoneLogged': {
      const { projectId: _, ...m } = event.data;
      return w.put(state, 'milestones', m.milestoneId, Object.assign(m, { revision, retracted: false }));
    }
    case 'RecordCorrected': {
      const { projectId: _, ...c } = event.data;
      const corrected = w.patchRef(state, c.target, { [c.field]: c.newValue });
      return w.append(corrected, 'corrections', Object.assign(c, { revision }));
    }
    case 'RecordRetracted': {
      const { target, reason } = event.data;
      const retracted = w.patchRef(state, target, { retracted: true });
      return w.append(retracted, 'retractions', { target, reason, revision });
    }
    case 'StageAdvanced':
    case 'ProjectRecycled': {
      const { decision, fromStage, toStage, reason } = event.data;
      state.stage = toStage;
      state.status = toStage === 'approved' ? 'approved' : 'active';
      // A recycle means the work from that stage on is redone: earlier records stop counting as evidence.
      if (decision === 'recycle') state.evidenceFloor = revision;
      w.append(state, 'gateDecisions', { revision, decision, fromStage, toStage, reason, ...decidedBy(event.data) });
      return w.append(state, 'stageHistory', { stage: toStage, enteredAt: decidedAt(event.data), revision });
    }
    case 'ProjectKilled':
    case 'ProjectPutOnHold':
    case 'ProjectResumed': {
      const { decision, fromStage, toStage, reason } = event.data;
      state.status = STATUS_AFTER[decision];
      return w.append(state, 'gateDecisions', { revision, decision, fromStage, toStage, reason, ...decidedBy(event.data) });
    }
    case 'DocumentAttached':
      return w.put(state, 'documents', event.data.documentId, documentRecordOf(event, revision, undefined));
    case 'DocumentSuperseded': {
      const old = state.documents[event.data.supersedes];
      const marked = w.patch(state, 'documents', event.data.supersedes, { supersededBy: event.data.documentId });
      return w.put(marked, 'documents', event.data.documentId, documentRecordOf(event, revision, old));
    }
    default: {
      const unhandled: never = event;
      throw new Error(`Unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

// A gate decision is signed, or (imported) taken on paper on a day.
function decidedBy(data: GateEvent['data']): { signature: Signature } | { paper: PaperDecision } {
  return data.signature ? { signature: data.signature } : { paper: data.paper! };
}
function decidedAt(data: GateEvent['data']): string {
  return data.signature ? data.signature.signedAt : `${data.paper!.decidedOn}T00:00:00.000Z`;
}

const STATUS_AFTER = { kill: 'terminated', hold: 'on_hold', resume: 'active' } as const satisfies Record<
  'kill' | 'hold' | 'resume',
  ProjectStatus
>;

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
