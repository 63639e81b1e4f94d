// The prototype and the evidence around it: verification tests, design reviews, the ethics approval for its study.
import type { Command, Event, OnProject, Tracked } from '../shared/shapes';

export const TEST_RESULTS = ['passed', 'failed'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

export const DESIGN_REVIEW_OUTCOMES = ['passed', 'passed_with_actions', 'failed'] as const;
export type DesignReviewOutcome = (typeof DESIGN_REVIEW_OUTCOMES)[number];

export interface PrototypeBuild {
  prototypeId: string;
  version: string;
  description: string;
  builtOn: string;
}
export interface VerificationTest {
  testId: string;
  prototypeId: string;
  /** e.g. 'ISO 10993-5', 'IEC 60601-1', 'type testing'. */
  standard: string;
  lab: string;
  result: TestResult;
  testedOn: string;
  reportReference: string;
  /**
   * The lab's accreditations, when known: CNAS and CMA numbers, another body's ISO/IEC 17025 number. Absent in
   * events recorded before accreditations were kept (they fold to null).
   */
  cnasNumber?: string | null;
  cmaNumber?: string | null;
  iso17025Number?: string | null;
}
export interface DesignReview {
  reviewId: string;
  heldOn: string;
  outcome: DesignReviewOutcome;
  summary: string;
}
export interface EthicsApproval {
  ethicsApprovalId: string;
  committee: string;
  reference: string;
  approvedOn: string;
}

export type RecordPrototypeBuilt = Command<'RecordPrototypeBuilt', OnProject & PrototypeBuild>;
export type RecordVerificationTest = Command<'RecordVerificationTest', OnProject & VerificationTest>;
export type RecordDesignReview = Command<'RecordDesignReview', OnProject & DesignReview>;
export type RecordEthicsApproval = Command<'RecordEthicsApproval', OnProject & EthicsApproval>;
export type PrototypeCommand =
  RecordPrototypeBuilt | RecordVerificationTest | RecordDesignReview | RecordEthicsApproval;

export type PrototypeBuilt = Event<'PrototypeBuilt', OnProject & PrototypeBuild>;
export type VerificationTestRecorded = Event<'VerificationTestRecorded', OnProject & VerificationTest>;
export type DesignReviewHeld = Event<'DesignReviewHeld', OnProject & DesignReview>;
export type EthicsApprovalRecorded = Event<'EthicsApprovalRecorded', OnProject & EthicsApproval>;

export interface PrototypeRecord extends Tracked, PrototypeBuild {}

export interface VerificationTestRecord extends Tracked, VerificationTest {
  /** The lab's accreditation numbers; null when not given (and in events recorded before they were kept). */
  cnasNumber: string | null;
  cmaNumber: string | null;
  iso17025Number: string | null;
}

export interface DesignReviewRecord extends Tracked, DesignReview {}

export interface EthicsApprovalRecord extends Tracked, EthicsApproval {}
