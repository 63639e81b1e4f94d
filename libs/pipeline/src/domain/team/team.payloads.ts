// The project's team (persons, with their role on it) and its partner organisations.
import type { Command, Event, OnProject } from '../shared/shapes';
import type { Person } from '../shared/values';

export const PARTNER_KINDS = ['enterprise', 'institute'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_ROLES = ['co_developer', 'manufacturer', 'licensee'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export interface Partner {
  partnerId: string;
  name: string;
  kind: PartnerKind;
  role: PartnerRole;
}

export const TEAM_ROLES = [
  'lead_clinician',
  'clinician',
  'engineer',
  'research_nurse',
  'project_manager',
  'other',
] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface TeamMembership {
  member: Person;
  teamRole: TeamRole;
}
export interface TeamMemberRemoval {
  memberId: string;
  reason: string | null;
}
export interface PartnerAddition {
  partner: Partner;
}
export interface PartnerRemoval {
  partnerId: string;
  reason: string | null;
}

export type AddTeamMember = Command<'AddTeamMember', OnProject & TeamMembership>;
export type RemoveTeamMember = Command<'RemoveTeamMember', OnProject & TeamMemberRemoval>;
export type AddPartner = Command<'AddPartner', OnProject & PartnerAddition>;
export type RemovePartner = Command<'RemovePartner', OnProject & PartnerRemoval>;
export type TeamCommand = AddTeamMember | RemoveTeamMember | AddPartner | RemovePartner;

export type TeamMemberAdded = Event<'TeamMemberAdded', OnProject & TeamMembership>;
export type TeamMemberRemoved = Event<'TeamMemberRemoved', OnProject & TeamMemberRemoval>;
export type PartnerAdded = Event<'PartnerAdded', OnProject & PartnerAddition>;
export type PartnerRemoved = Event<'PartnerRemoved', OnProject & PartnerRemoval>;

export interface PartnerRecord extends Partner {
  revision: number;
  active: boolean;
}

export interface TeamMemberRecord extends Person {
  teamRole: TeamRole;
  active: boolean;
}
