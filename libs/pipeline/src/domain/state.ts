// A project's state: what the fold of its events knows, each registry filled by its area's events.
import type { ConditionRecord } from './conditions/conditions.payloads';
import type { CorrectionEntry, RetractionEntry } from './corrections/corrections.payloads';
import type { DesignationRecord } from './designations/designations.payloads';
import type { DisclosureRecord } from './disclosures/disclosures.payloads';
import type { DocumentRecord } from './documents/documents.payloads';
import type { EquivalenceRecord } from './equivalence/equivalence.payloads';
import type { GateDecisionEntry, PendingGateSignature, StageEntry } from './gates/gates.payloads';
import type { IdeaRecord } from './ideas/ideas.payloads';
import type { MilestoneRecord } from './milestones/milestones.payloads';
import type { PatentRecord } from './patents/patents.payloads';
import type { ProjectProfile } from './projects/projects.payloads';
import type {
  DesignReviewRecord,
  EthicsApprovalRecord,
  PrototypeRecord,
  VerificationTestRecord,
} from './prototype/prototype.payloads';
import type { ProjectStatus, RecordKind, RecordRef, Stage } from './shared/values';
import type { ApprovalRecord, SubmissionRecord } from './submissions/submissions.payloads';
import type { PartnerRecord, TeamMemberRecord } from './team/team.payloads';
import type { TemplateVersion } from './templates/template.model';
import type { TrialAuthorisationRecord, TrialRecord } from './trials/trials.payloads';

export interface ProjectState {
  /** -1 before any event; afterwards the 0-based revision of the last event evolved. */
  revision: number;
  /** Set when the stream began as a clinician's idea; null for a project the office proposed directly. */
  idea: IdeaRecord | null;
  profile: ProjectProfile | null;
  stage: Stage;
  status: ProjectStatus;
  /**
   * The pathway template version the project is bound to, as it was when bound (the past keeps its meaning), and
   * the template stage it is at (`stage` is the pipeline phase that stage sits in). Both absent: the fixed model,
   * as for every project recorded before templates.
   */
  template?: TemplateVersion;
  templateStage?: string;
  // Records created at or before this revision no longer count as gate evidence (moved by a recycle).
  evidenceFloor: number;
  /** The revision of the last event that changed the record (any event but a gate signature's): what a go signs. */
  evidenceRevision: number;
  /** Signatures standing toward a go still short of its template gate's rule; emptied when it passes or is invalidated. */
  pendingSignatures: PendingGateSignature[];
  disclosures: Record<string, DisclosureRecord>;
  patents: Record<string, PatentRecord>;
  prototypes: Record<string, PrototypeRecord>;
  verificationTests: Record<string, VerificationTestRecord>;
  designReviews: Record<string, DesignReviewRecord>;
  ethicsApprovals: Record<string, EthicsApprovalRecord>;
  trials: Record<string, TrialRecord>;
  /** Regulators' permissions to run a study (IDE, NMPA trial approval...), by authorisationId. */
  trialAuthorisations: Record<string, TrialAuthorisationRecord>;
  /** Programmes a regulator admitted the product to (Breakthrough...), by designationId. */
  designations: Record<string, DesignationRecord>;
  equivalenceEvaluations: Record<string, EquivalenceRecord>;
  submissions: Record<string, SubmissionRecord>;
  approvals: Record<string, ApprovalRecord>;
  milestones: Record<string, MilestoneRecord>;
  partners: Record<string, PartnerRecord>;
  team: Record<string, TeamMemberRecord>;
  /** Every document version by id, superseded ones included (see documents/). */
  documents: Record<string, DocumentRecord>;
  /** Conditions of conditional gos by id, closed ones included (see conditions/). */
  conditions: Record<string, ConditionRecord>;
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
    evidenceRevision: -1,
    pendingSignatures: [],
    disclosures: registry(),
    patents: registry(),
    prototypes: registry(),
    verificationTests: registry(),
    designReviews: registry(),
    ethicsApprovals: registry(),
    trials: registry(),
    trialAuthorisations: registry(),
    designations: registry(),
    equivalenceEvaluations: registry(),
    submissions: registry(),
    approvals: registry(),
    milestones: registry(),
    partners: registry(),
    team: registry(),
    documents: registry(),
    conditions: registry(),
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
  trial_authorisation: 'trialAuthorisations',
  designation: 'designations',
} as const satisfies Record<Exclude<RecordKind, 'project'>, keyof ProjectState>;

/** The record a correction or retraction names, as a plain field map; undefined if there is none. */
export function findRecord(state: ProjectState, ref: RecordRef): Record<string, unknown> | undefined {
  if (ref.kind === 'project') {
    return state.profile?.projectId === ref.id ? { ...state.profile } : undefined;
  }
  const registry = state[REGISTRY_OF[ref.kind]] as unknown as Record<string, Record<string, unknown>>;
  return Object.prototype.hasOwnProperty.call(registry, ref.id) ? registry[ref.id] : undefined;
}
