// A doctor's idea, as the clinician submits it; the innovation office screens it into a project or declines it.
import type { InventionDisclosure } from '../disclosures/disclosures.payloads';
import type { Command, Event, OnProject } from '../shared/shapes';
import type { Person, RegulatoryTarget, RiskClass } from '../shared/values';
import type { Partner } from '../team/team.payloads';

export const IDEA_STATUSES = ['submitted', 'declined', 'accepted'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export interface IdeaProposal {
  title: string;
  /** The unmet clinical need the device answers. */
  clinicalNeed: string;
  summary: string;
  deviceType: string;
  therapeuticArea: string;
  institution: string;
  department: string;
}

/** An invention disclosure attached to an idea: it becomes the project's disclosure when the idea is accepted. */
export type IdeaDisclosure = InventionDisclosure;

/** What the clinician submits, and submits again after a decline. */
export type IdeaSubmission = OnProject & IdeaProposal & { disclosure: IdeaDisclosure | null };
/** What the office adds when an idea becomes a project: the regulatory frame and partners. */
export type IdeaAcceptance = OnProject & {
  riskClass: RiskClass;
  targets: RegulatoryTarget[];
  partners: Partner[];
  reason: string | null;
};
export type IdeaDecline = OnProject & { reason: string };

// A clinician submits an idea (they are its lead); resubmits it after a decline; the office accepts or declines it.
export type SubmitIdea = Command<'SubmitIdea', IdeaSubmission>;
export type ResubmitIdea = Command<'ResubmitIdea', IdeaSubmission>;
export type AcceptIdea = Command<'AcceptIdea', IdeaAcceptance>;
export type DeclineIdea = Command<'DeclineIdea', IdeaDecline>;
export type IdeaCommand = SubmitIdea | ResubmitIdea | AcceptIdea | DeclineIdea;

// The submitter is the lead clinician-to-be, as a person; an accepted idea is followed, in the same append, by
// the ProjectProposed that starts the project (and the disclosure it carried, if any).
type SubmittedIdea = IdeaSubmission & { submittedBy: Person; submittedAt: string };
export type IdeaSubmitted = Event<'IdeaSubmitted', SubmittedIdea>;
export type IdeaResubmitted = Event<'IdeaResubmitted', SubmittedIdea>;
export type IdeaAccepted = Event<'IdeaAccepted', OnProject & { reason: string | null; acceptedAt: string }>;
export type IdeaDeclined = Event<'IdeaDeclined', IdeaDecline & { declinedAt: string }>;

/** A doctor's idea: what was submitted, by whom, and what the screening made of it. */
export interface IdeaRecord extends IdeaProposal {
  status: IdeaStatus;
  disclosure: IdeaDisclosure | null;
  submittedBy: Person;
  /** When this version of the idea was submitted (a resubmission starts a new screening). */
  submittedAt: string;
  /** How many times it was submitted: 1, then one more for each resubmission. */
  submissions: number;
  screenedAt: string | null;
  /** The office's reason when it declined the idea (shown to the clinician), or when it accepted it. */
  screeningReason: string | null;
}
