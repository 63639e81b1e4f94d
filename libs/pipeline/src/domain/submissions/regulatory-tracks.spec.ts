import {
  atIdea,
  deficiencyAnswered,
  deficiencyReceived,
  event,
  submissionApproved,
  submissionFiled,
} from '../testing/fixtures';
import { evolveAll, initialState } from '..';
import type { ProjectEvent } from '..';
import { changesTracks, describeTrack, regulatoryTracks, trackSummaries } from './regulatory-tracks';

// The glucose project targets NMPA (innovative special review), FDA (PMA) and HSA (full).
const tracks = (events: ProjectEvent[]) => regulatoryTracks(evolveAll(initialState(), [...atIdea, ...events]));
const statuses = (events: ProjectEvent[]) =>
  tracks(events).map((t) => `${t.authority}:${t.status}${t.since ? `@${t.since}` : ''}`);

const fdaFiled = event('SubmissionFiled', {
  submissionId: 'sub-fda',
  authority: 'FDA',
  pathway: 'pma',
  reference: 'P250001',
  filedOn: '2026-04-01',
});
const breakthrough = event('DesignationGranted', {
  designationId: 'des-bt',
  programme: 'fda_breakthrough_device',
  reference: 'Q250456',
  grantedOn: '2025-01-15',
  authority: 'FDA',
});
const ide = event('TrialAuthorisationRecorded', {
  authorisationId: 'auth-ide',
  form: 'IDE',
  authority: 'FDA',
  reference: 'G250123',
  grantedOn: '2025-02-20',
  trialId: null,
});

describe('regulatoryTracks', () => {
  it('has one track per target authority, not started until something is recorded', () =>
    expect(statuses([])).toEqual(['NMPA:not_started', 'FDA:not_started', 'HSA:not_started']));

  it('walks a track through trial authorisation, designation, review, deficiency and approval', () => {
    expect(statuses([ide])[1]).toBe('FDA:trial_authorised@2025-02-20');
    expect(statuses([ide, breakthrough])[1]).toBe('FDA:designated@2025-01-15');
    expect(statuses([ide, breakthrough, fdaFiled])[1]).toBe('FDA:in_review@2026-04-01');
    expect(statuses([submissionFiled, deficiencyReceived])[0]).toBe('NMPA:deficiency_open@2026-05-01');
    expect(statuses([submissionFiled, deficiencyReceived, deficiencyAnswered])[0]).toBe('NMPA:in_review@2026-06-01');
    expect(statuses([submissionFiled, deficiencyReceived, deficiencyAnswered, submissionApproved])[0]).toBe(
      'NMPA:approved@2026-09-01',
    );
  });

  it('says "approved by NMPA, in review at FDA"', () => {
    const both = tracks([submissionFiled, submissionApproved, fdaFiled]);
    expect(both.map(describeTrack).slice(0, 2).join(', ')).toBe('approved by NMPA, in review at FDA');
    expect(both[0].approval).toEqual({
      submissionId: 'sub-nmpa',
      certificateNumber: submissionApproved.data.certificateNumber,
      approvedOn: '2026-09-01',
      deviceClass: 'III',
    });
    expect(both[1].submissions).toEqual([
      expect.objectContaining({
        submissionId: 'sub-fda',
        status: 'under_review',
        openDeficiencies: 0,
        decidedOn: null,
      }),
    ]);
  });

  it('is rejected only while no other submission is pending, and a resubmission reopens it', () => {
    const rejected = event('SubmissionRejected', { submissionId: 'sub-fda', rejectedOn: '2026-08-01', reason: 'Data' });
    const again = event('SubmissionFiled', { ...fdaFiled.data, submissionId: 'sub-fda-2', filedOn: '2026-10-01' });
    expect(statuses([fdaFiled, rejected])[1]).toBe('FDA:rejected@2026-08-01');
    expect(statuses([fdaFiled, rejected, again])[1]).toBe('FDA:in_review@2026-10-01');
  });

  it('forgets retracted records: a retracted submission takes its approval with it', () => {
    const retracted = event('RecordRetracted', {
      target: { kind: 'submission', id: 'sub-nmpa' },
      reason: 'Other product',
    });
    expect(statuses([submissionFiled, submissionApproved, retracted])[0]).toBe('NMPA:not_started');
    const noBreakthrough = event('RecordRetracted', { target: { kind: 'designation', id: 'des-bt' }, reason: 'Wrong' });
    expect(statuses([breakthrough, noBreakthrough])[1]).toBe('FDA:not_started');
  });

  it('puts a submission whose approval alone was retracted back in review', () => {
    const approvalRetracted = event('RecordRetracted', {
      target: { kind: 'approval', id: 'sub-nmpa' },
      reason: 'Wrong letter',
    });
    expect(statuses([submissionFiled, submissionApproved, approvalRetracted])[0]).toBe('NMPA:in_review@2026-03-01');
  });

  it('agrees with trackSummaries and names the events that can change a track', () => {
    const history = [ide, breakthrough, submissionFiled, deficiencyReceived, fdaFiled];
    const state = evolveAll(initialState(), [...atIdea, ...history]);
    expect(trackSummaries(state)).toEqual(
      regulatoryTracks(state).map(({ authority, pathway, status, since }) => ({ authority, pathway, status, since })),
    );
    expect(history.every(changesTracks)).toBe(true);
    expect(
      changesTracks(
        event('MilestoneLogged', {
          milestoneId: 'm',
          title: 't',
          description: 'd',
          occurredOn: '2025-01-01',
          loggedBy: 'dr-tan',
        }),
      ),
    ).toBe(false);
    expect(changesTracks(event('RecordRetracted', { target: { kind: 'milestone', id: 'm' }, reason: 'x' }))).toBe(
      false,
    );
    expect(
      changesTracks(event('RecordRetracted', { target: { kind: 'designation', id: 'des-bt' }, reason: 'x' })),
    ).toBe(true);
  });

  it('follows a corrected approval date', () => {
    const corrected = event('RecordCorrected', {
      target: { kind: 'approval', id: 'sub-nmpa' },
      field: 'approvedOn',
      oldValue: '2026-09-01',
      newValue: '2026-08-30',
      reason: 'Certificate date',
    });
    expect(statuses([submissionFiled, submissionApproved, corrected])[0]).toBe('NMPA:approved@2026-08-30');
  });
});
