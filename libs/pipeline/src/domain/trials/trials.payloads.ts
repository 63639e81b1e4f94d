import type { Command, Event, OnProject, Tracked } from '../shared/shapes';

export const TRIAL_REGISTRIES = ['ChiCTR', 'NCT', 'other'] as const;
export type TrialRegistry = (typeof TRIAL_REGISTRIES)[number];

export interface TrialRegistration {
  trialId: string;
  title: string;
  registry: TrialRegistry;
  registryId: string;
  targetEnrolment: number;
  registeredOn: string;
}
export interface FirstPatientIn {
  trialId: string;
  occurredOn: string;
}
export interface EnrolmentUpdate {
  trialId: string;
  enrolled: number;
  asOf: string;
}
export interface TrialCompletion {
  trialId: string;
  completedOn: string;
  primaryEndpointMet: boolean;
  resultSummary: string;
}

export type RegisterTrial = Command<'RegisterTrial', OnProject & TrialRegistration>;
export type RecordFirstPatientIn = Command<'RecordFirstPatientIn', OnProject & FirstPatientIn>;
export type UpdateEnrolment = Command<'UpdateEnrolment', OnProject & EnrolmentUpdate>;
export type CompleteTrial = Command<'CompleteTrial', OnProject & TrialCompletion>;
export type TrialCommand = RegisterTrial | RecordFirstPatientIn | UpdateEnrolment | CompleteTrial;

export type TrialRegistered = Event<'TrialRegistered', OnProject & TrialRegistration>;
export type FirstPatientEnrolled = Event<'FirstPatientEnrolled', OnProject & FirstPatientIn>;
export type EnrolmentUpdated = Event<
  'EnrolmentUpdated',
  // overTarget: over-enrolment is allowed but flagged so reports can show it.
  OnProject & EnrolmentUpdate & { targetEnrolment: number; overTarget: boolean }
>;
export type TrialCompleted = Event<'TrialCompleted', OnProject & TrialCompletion>;

export type TrialStatus = 'registered' | 'recruiting' | 'completed';
export interface TrialRecord extends Tracked, TrialRegistration {
  enrolled: number;
  status: TrialStatus;
  firstPatientInOn: string | null;
  completedOn: string | null;
  primaryEndpointMet: boolean | null;
  resultSummary: string | null;
}
