// One regulatory track per authority the project targets, derived from the record (issue 15): designations, trial
// authorisations, submissions with their deficiency letters, and the authority's approval or rejection. Pure.
import type { DesignationRecord } from '../designations/designations.payloads';
import type { ProjectEvent } from '../events';
import type { Authority, Pathway, RegulatoryTarget } from '../shared/values';
import type { TrialAuthorisationRecord } from '../trials/trials.payloads';
import type { ApprovalRecord, SubmissionRecord } from './submissions.payloads';

/**
 * Where a track stands, furthest first: `approved` (an approval stands), `deficiency_open` (a submission waits on
 * the sponsor's answer to a deficiency letter), `in_review` (a submission is with the authority), `rejected` (every
 * submission was rejected, none pending), `designated` (a programme granted, nothing filed yet), `trial_authorised`
 * (the authority allowed a study, nothing filed yet), `not_started`.
 */
export const TRACK_STATUSES = [
  'not_started',
  'trial_authorised',
  'designated',
  'in_review',
  'deficiency_open',
  'rejected',
  'approved',
] as const;
export type TrackStatus = (typeof TRACK_STATUSES)[number];

export interface TrackSubmission {
  submissionId: string;
  pathway: Pathway;
  reference: string;
  status: SubmissionRecord['status'];
  filedOn: string;
  openDeficiencies: number;
  decidedOn: string | null;
}

export interface RegulatoryTrack {
  authority: Authority;
  /** The pathway the project targets with this authority. */
  pathway: Pathway;
  status: TrackStatus;
  /** The day of the fact that set the status (approval, filing, deficiency letter or answer, rejection, grant); null when not started. */
  since: string | null;
  designations: { designationId: string; programme: string; reference: string; grantedOn: string }[];
  trialAuthorisations: {
    authorisationId: string;
    form: string;
    reference: string;
    grantedOn: string;
    trialId: string | null;
  }[];
  submissions: TrackSubmission[];
  approval: { submissionId: string; certificateNumber: string; approvedOn: string; deviceClass: string } | null;
}

/** What a track is derived from; the project state is one. */
export interface TrackRecords {
  profile: { targets: Pick<RegulatoryTarget, 'authority' | 'pathway'>[] } | null;
  submissions: Record<string, SubmissionRecord>;
  approvals: Record<string, ApprovalRecord>;
  designations?: Record<string, DesignationRecord>;
  trialAuthorisations?: Record<string, TrialAuthorisationRecord>;
}

/** One track per target authority, in the order the project names its targets. Retracted records do not count. */
export function regulatoryTracks(records: TrackRecords): RegulatoryTrack[] {
  const targets = records.profile?.targets ?? [];
  const seen = new Set<Authority>();
  const tracks: RegulatoryTrack[] = [];
  for (const target of targets) {
    if (seen.has(target.authority)) continue;
    seen.add(target.authority);
    tracks.push(trackOf(records, target.authority, target.pathway));
  }
  return tracks;
}

function live<T extends { retracted: boolean; revision: number }>(registry: Record<string, T> | undefined): T[] {
  return Object.values(registry ?? {})
    .filter((r) => !r.retracted)
    .sort((a, b) => a.revision - b.revision);
}

function trackOf(records: TrackRecords, authority: Authority, pathway: Pathway): RegulatoryTrack {
  const designations = live(records.designations)
    .filter((d) => d.authority === authority)
    .map(({ designationId, programme, reference, grantedOn }) => ({ designationId, programme, reference, grantedOn }));
  const trialAuthorisations = live(records.trialAuthorisations)
    .filter((a) => a.authority === authority)
    .map(({ authorisationId, form, reference, grantedOn, trialId }) => ({
      authorisationId,
      form,
      reference,
      grantedOn,
      trialId,
    }));
  const approvals = live(records.approvals).filter(
    (a) => a.authority === authority && records.submissions[a.submissionId]?.retracted === false,
  );
  const submissions: TrackSubmission[] = live(records.submissions)
    .filter((s) => s.authority === authority)
    .map((s) => {
      const approval = approvals.find((a) => a.submissionId === s.submissionId);
      return {
        submissionId: s.submissionId,
        pathway: s.pathway,
        reference: s.reference,
        status: s.status,
        filedOn: s.filedOn,
        openDeficiencies: s.deficiencies.filter((d) => d.answeredOn === null).length,
        decidedOn: approval?.approvedOn ?? s.rejectedOn ?? null,
      };
    });
  const first = approvals[0];
  const approval = first
    ? {
        submissionId: first.submissionId,
        certificateNumber: first.certificateNumber,
        approvedOn: first.approvedOn,
        deviceClass: first.deviceClass,
      }
    : null;
  return {
    authority,
    pathway,
    ...trackStatus(records, authority),
    designations,
    trialAuthorisations,
    submissions,
    approval,
  };
}

/** Each target authority's track in brief (status and its day), as the board keeps it. */
export function trackSummaries(
  records: TrackRecords,
): Pick<RegulatoryTrack, 'authority' | 'pathway' | 'status' | 'since'>[] {
  const out: Pick<RegulatoryTrack, 'authority' | 'pathway' | 'status' | 'since'>[] = [];
  for (const { authority, pathway } of records.profile?.targets ?? []) {
    if (!out.some((t) => t.authority === authority))
      out.push({ authority, pathway, ...trackStatus(records, authority) });
  }
  return out;
}

/**
 * The status rule, in one pass over each registry (the board computes it for every project a batch touches):
 * the first standing approval; else an open deficiency letter (the latest); else a submission in review (since its
 * filing or last answer; one whose approval was retracted is back in review); else a rejection; else the latest
 * designation; else the latest trial authorisation.
 */
export function trackStatus(records: TrackRecords, authority: Authority): Pick<RegulatoryTrack, 'status' | 'since'> {
  let approved: { revision: number; day: string } | null = null;
  for (const id in records.approvals) {
    const a = records.approvals[id];
    if (a.retracted || a.authority !== authority || records.submissions[a.submissionId]?.retracted !== false) continue;
    if (approved === null || a.revision < approved.revision) approved = { revision: a.revision, day: a.approvedOn };
  }
  if (approved) return { status: 'approved', since: approved.day };
  let letter: string | null = null;
  let review: string | null = null;
  let rejected: string | null = null;
  for (const id in records.submissions) {
    const s = records.submissions[id];
    if (s.retracted || s.authority !== authority) continue;
    if (s.status === 'rejected') {
      rejected = later(rejected, s.rejectedOn ?? s.filedOn);
      continue;
    }
    if (s.status === 'deficiency_open') {
      for (const d of s.deficiencies) if (d.answeredOn === null) letter = later(letter, d.receivedOn);
      continue;
    }
    review = later(review, s.filedOn);
    for (const d of s.deficiencies) if (d.answeredOn !== null) review = later(review, d.answeredOn);
  }
  if (letter !== null) return { status: 'deficiency_open', since: letter };
  if (review !== null) return { status: 'in_review', since: review };
  if (rejected !== null) return { status: 'rejected', since: rejected };
  let designated: string | null = null;
  for (const id in records.designations) {
    const d = records.designations[id];
    if (!d.retracted && d.authority === authority) designated = later(designated, d.grantedOn);
  }
  if (designated !== null) return { status: 'designated', since: designated };
  let authorised: string | null = null;
  for (const id in records.trialAuthorisations) {
    const a = records.trialAuthorisations[id];
    if (!a.retracted && a.authority === authority) authorised = later(authorised, a.grantedOn);
  }
  if (authorised !== null) return { status: 'trial_authorised', since: authorised };
  return { status: 'not_started', since: null };
}

function later(a: string | null, b: string): string {
  return a === null || b > a ? b : a;
}

const TRACK_RECORD_KINDS: ReadonlySet<string> = new Set([
  'submission',
  'approval',
  'designation',
  'trial_authorisation',
]);

/** Whether an event can change a track: a read model keeps its tracks through batches without one. */
export function changesTracks(event: ProjectEvent): boolean {
  switch (event.type) {
    case 'ProjectProposed':
    case 'SubmissionFiled':
    case 'SubmissionDeficiencyReceived':
    case 'SubmissionDeficiencyAnswered':
    case 'SubmissionApproved':
    case 'SubmissionRejected':
    case 'TrialAuthorisationRecorded':
    case 'DesignationGranted':
      return true;
    case 'RecordCorrected':
    case 'RecordRetracted':
      return TRACK_RECORD_KINDS.has(event.data.target.kind);
    default:
      return false;
  }
}

/** A track in one line for people: "approved by NMPA", "in review at FDA". */
export function describeTrack(track: Pick<RegulatoryTrack, 'authority' | 'status'>): string {
  const a = track.authority;
  switch (track.status) {
    case 'approved':
      return `approved by ${a}`;
    case 'rejected':
      return `rejected by ${a}`;
    case 'in_review':
      return `in review at ${a}`;
    case 'deficiency_open':
      return `deficiency letter from ${a} open`;
    case 'designated':
      return `designated by ${a}`;
    case 'trial_authorised':
      return `trial authorised by ${a}`;
    case 'not_started':
      return `not started with ${a}`;
  }
}
