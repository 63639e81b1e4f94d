import type { Command, Event, OnProject, Tracked } from '../shared/shapes';
import type { Authority } from '../shared/values';
import type { TrialAuthorisation, TrialPhase } from '../templates/template.model';

export const TRIAL_REGISTRIES = ['ChiCTR', 'NCT', 'other'] as const;
export type TrialRegistry = (typeof TRIAL_REGISTRIES)[number];

export interface TrialRegistration {
  trialId: string;
  title: string;
  registry: TrialRegistry;
  registryId: string;
  targetEnrolment: number;
  registeredOn: string;
  /** The study's phase (I-III, or a device feasibility / pivotal study) when a template's gate asks for one. */
  phase?: TrialPhase;
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

/**
 * A regulator's permission to run a study (form as the templates name it: IDE, IND, NMPA trial approval, CTA, EU
 * clinical investigation), optionally naming the registered trial it covers.
 */
export interface TrialAuthorisationGrant {
  authorisationId: string;
  form: TrialAuthorisation;
  authority: Authority;
  reference: string;
  grantedOn: string;
  trialId: string | null;
}

// Which authority issues each form: FDA's IDE and IND, NMPA's trial approval, an EU member state's authorisation of a
// device investigation (MDR Art. 70, filed here under the EU_MDR target), and a CTA from HSA or an EU member state.
export const TRIAL_AUTHORISATION_AUTHORITIES = {
  IDE: ['FDA'],
  IND: ['FDA'],
  NMPA_trial_approval: ['NMPA'],
  CTA: ['HSA', 'EU_MDR'],
  EU_clinical_investigation: ['EU_MDR'],
} as const satisfies Record<TrialAuthorisation, readonly Authority[]>;

export type RegisterTrial = Command<'RegisterTrial', OnProject & TrialRegistration>;
export type RecordFirstPatientIn = Command<'RecordFirstPatientIn', OnProject & FirstPatientIn>;
export type UpdateEnrolment = Command<'UpdateEnrolment', OnProject & EnrolmentUpdate>;
export type CompleteTrial = Command<'CompleteTrial', OnProject & TrialCompletion>;
export type RecordTrialAuthorisation = Command<'RecordTrialAuthorisation', OnProject & TrialAuthorisationGrant>;
export type TrialCommand =
  RegisterTrial | RecordFirstPatientIn | UpdateEnrolment | CompleteTrial | RecordTrialAuthorisation;

export type TrialRegistered = Event<'TrialRegistered', OnProject & TrialRegistration>;
export type FirstPatientEnrolled = Event<'FirstPatientEnrolled', OnProject & FirstPatientIn>;
export type EnrolmentUpdated = Event<
  'EnrolmentUpdated',
  // overTarget: over-enrolment is allowed but flagged so reports can show it.
  OnProject & EnrolmentUpdate & { targetEnrolment: number; overTarget: boolean }
>;
export type TrialCompleted = Event<'TrialCompleted', OnProject & TrialCompletion>;
export type TrialAuthorisationRecorded = Event<'TrialAuthorisationRecorded', OnProject & TrialAuthorisationGrant>;

export type TrialStatus = 'registered' | 'recruiting' | 'completed';
export interface TrialRecord extends Tracked, TrialRegistration {
  enrolled: number;
  status: TrialStatus;
  firstPatientInOn: string | null;
  completedOn: string | null;
  primaryEndpointMet: boolean | null;
  resultSummary: string | null;
}

export interface TrialAuthorisationRecord extends Tracked, TrialAuthorisationGrant {}
