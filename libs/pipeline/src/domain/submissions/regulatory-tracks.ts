// One regulatory track per authority the project targets, derived from the record (issue 15): designations, trial
// authorisations, submissions with their deficiency letters, and the authority's approval or rejection. Pure.
import type { DesignationRecord } from '../designations/designations.payloads';
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
  const filed = live(records.submissions).filter((s) => s.authority === authority);
  const approvals = live(records.approvals).filter(
    (a) => a.authority === authority && records.submissions[a.submissionId]?.retracted === false,
  );
  const submissions: TrackSubmission[] = filed.map((s) => {
    const open = s.deficiencies.filter((d) => d.answeredOn === null);
    const approval = approvals.find((a) => a.submissionId === s.submissionId);
    return {
      submissionId: s.submissionId,
      pathway: s.pathway,
      reference: s.reference,
      status: s.status,
      filedOn: s.filedOn,
      openDeficiencies: open.length,
      decidedOn: approval?.approvedOn ?? s.rejectedOn ?? null,
    };
  });
  const approval = approvals.length > 0 ? approvals[0] : null;
  const base = { authority, pathway, designations, trialAuthorisations, submissions };
  if (approval) {
    const { submissionId, certificateNumber, approvedOn, deviceClass } = approval;
    return {
      ...base,
      status: 'approved',
      since: approvedOn,
      approval: { submissionId, certificateNumber, approvedOn, deviceClass },
    };
  }
  const pending = filed.filter((s) => s.status === 'under_review' || s.status === 'deficiency_open');
  const waiting = pending.filter((s) => s.status === 'deficiency_open');
  if (waiting.length > 0) {
    const letters = waiting.flatMap((s) =>
      s.deficiencies.filter((d) => d.answeredOn === null).map((d) => d.receivedOn),
    );
    return { ...base, status: 'deficiency_open', since: latest(letters), approval: null };
  }
  if (pending.length > 0) {
    // In review since the filing, or since the last deficiency answer sent it back to the authority.
    const days = pending.flatMap((s) => [s.filedOn, ...s.deficiencies.map((d) => d.answeredOn ?? s.filedOn)]);
    return { ...base, status: 'in_review', since: latest(days), approval: null };
  }
  if (filed.length > 0) {
    return { ...base, status: 'rejected', since: latest(filed.map((s) => s.rejectedOn ?? s.filedOn)), approval: null };
  }
  if (designations.length > 0) {
    return { ...base, status: 'designated', since: latest(designations.map((d) => d.grantedOn)), approval: null };
  }
  if (trialAuthorisations.length > 0) {
    const days = trialAuthorisations.map((a) => a.grantedOn);
    return { ...base, status: 'trial_authorised', since: latest(days), approval: null };
  }
  return { ...base, status: 'not_started', since: null, approval: null };
}

function latest(days: string[]): string | null {
  return days.reduce<string | null>((max, d) => (max === null || d > max ? d : max), null);
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
