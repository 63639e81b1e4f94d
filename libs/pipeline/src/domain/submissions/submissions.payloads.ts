import type { Command, Event, OnProject, Tracked } from '../shared/shapes';
import type { Authority, Pathway } from '../shared/values';

export interface SubmissionFiling {
  submissionId: string;
  authority: Authority;
  pathway: Pathway;
  reference: string;
  filedOn: string;
}
export interface DeficiencyReceipt {
  submissionId: string;
  receivedOn: string;
  summary: string;
}
export interface DeficiencyAnswer {
  submissionId: string;
  answeredOn: string;
  summary: string;
}
export interface SubmissionApproval {
  submissionId: string;
  certificateNumber: string;
  approvedOn: string;
  deviceClass: string;
}
export interface SubmissionRejection {
  submissionId: string;
  rejectedOn: string;
  reason: string;
}

export type FileSubmission = Command<'FileSubmission', OnProject & SubmissionFiling>;
export type RecordSubmissionDeficiency = Command<'RecordSubmissionDeficiency', OnProject & DeficiencyReceipt>;
export type AnswerSubmissionDeficiency = Command<'AnswerSubmissionDeficiency', OnProject & DeficiencyAnswer>;
export type RecordSubmissionApproval = Command<'RecordSubmissionApproval', OnProject & SubmissionApproval>;
export type RecordSubmissionRejection = Command<'RecordSubmissionRejection', OnProject & SubmissionRejection>;
export type SubmissionCommand =
  | FileSubmission
  | RecordSubmissionDeficiency
  | AnswerSubmissionDeficiency
  | RecordSubmissionApproval
  | RecordSubmissionRejection;

export type SubmissionFiled = Event<'SubmissionFiled', OnProject & SubmissionFiling>;
export type SubmissionDeficiencyReceived = Event<'SubmissionDeficiencyReceived', OnProject & DeficiencyReceipt>;
export type SubmissionDeficiencyAnswered = Event<'SubmissionDeficiencyAnswered', OnProject & DeficiencyAnswer>;
// The authority comes from the submission, so the approval names it without a lookup.
export type SubmissionApproved = Event<'SubmissionApproved', OnProject & SubmissionApproval & { authority: Authority }>;
export type SubmissionRejected = Event<'SubmissionRejected', OnProject & SubmissionRejection>;

export type SubmissionStatus = 'under_review' | 'deficiency_open' | 'approved' | 'rejected';
export interface SubmissionRecord extends Tracked, SubmissionFiling {
  status: SubmissionStatus;
  deficiencies: { receivedOn: string; summary: string; answeredOn: string | null; answer: string | null }[];
  rejectedOn: string | null;
  rejectionReason: string | null;
}

export interface ApprovalRecord extends Tracked, SubmissionApproval {
  authority: Authority;
}
