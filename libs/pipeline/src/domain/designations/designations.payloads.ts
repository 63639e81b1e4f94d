// Designations: a regulator admits the product to a programme ahead of its marketing decision (FDA Breakthrough
// Devices, NMPA innovative device review...). Pathway templates may require one before a gate.
import type { Command, Event, OnProject, Tracked } from '../shared/shapes';
import type { Authority } from '../shared/values';
import type { DesignationProgramme } from '../templates/template.model';

export interface DesignationGrant {
  designationId: string;
  programme: DesignationProgramme;
  reference: string;
  grantedOn: string;
}

// The authority each programme belongs to; EMA's PRIME is filed under the project's EU target.
export const DESIGNATION_AUTHORITY = {
  fda_breakthrough_device: 'FDA',
  fda_rmat: 'FDA',
  nmpa_innovative_device: 'NMPA',
  nmpa_breakthrough_therapy: 'NMPA',
  hsa_priority_review: 'HSA',
  ema_prime: 'EU_MDR',
} as const satisfies Record<DesignationProgramme, Authority>;

export type RecordDesignation = Command<'RecordDesignation', OnProject & DesignationGrant>;
export type DesignationCommand = RecordDesignation;

// The authority comes from the programme, so readers of the event need no table.
export type DesignationGranted = Event<'DesignationGranted', OnProject & DesignationGrant & { authority: Authority }>;

export interface DesignationRecord extends Tracked, DesignationGrant {
  authority: Authority;
}
