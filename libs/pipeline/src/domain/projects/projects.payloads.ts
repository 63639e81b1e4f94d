import type { Command, Event, OnProject } from '../shared/shapes';
import type { Person, RegulatoryTarget, RiskClass } from '../shared/values';
import type { Partner } from '../team/team.payloads';
import type { TemplateVersion } from '../templates/template.model';

/** A project as the office proposes it (or an accepted idea becomes): the device, its regulatory frame, its people. */
export type ProjectProposal = OnProject & {
  title: string;
  summary: string;
  deviceType: string;
  riskClass: RiskClass;
  targets: RegulatoryTarget[];
  therapeuticArea: string;
  institution: string;
  department: string;
  leadClinician: Person;
  partners: Partner[];
  /** The pathway template version the project is proposed under, as the library holds it; absent: the fixed model. */
  template?: TemplateVersion;
};

export type ProposeProject = Command<'ProposeProject', ProjectProposal>;
export type ProjectProposed = Event<
  'ProjectProposed',
  ProjectProposal & {
    // Entry time of the idea stage, for time-in-stage.
    proposedAt: string;
  }
>;

export interface ProjectProfile {
  projectId: string;
  title: string;
  summary: string;
  deviceType: string;
  riskClass: RiskClass;
  targets: RegulatoryTarget[];
  therapeuticArea: string;
  institution: string;
  department: string;
  leadClinician: Person;
  proposedAt: string;
}
