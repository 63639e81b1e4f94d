// Conditions of a conditional go ("go with conditions"): what must still be done after a gate passed, by whom and by
// when. Each is set with the go (one ConditionSet per condition, after StageAdvanced) and closed by its own event with
// evidence; the next go waits until every one is closed.
import type { Command, Event, OnProject } from '../shared/shapes';
import type { Person, Role, Stage } from '../shared/values';

/** At most this many conditions on one go. */
export const MAX_CONDITIONS_PER_GO = 20;
/** A condition's text, in characters. */
export const MAX_CONDITION_TEXT = 2000;
/** The closing evidence, in characters. */
export const MAX_CONDITION_EVIDENCE = 4000;

/**
 * A condition as the signer states it on a go. The owner is a person on the project's active team (lead clinician,
 * a clinician, an engineer, the project manager...): the team is who the record knows, and the owner must be able
 * to reach the project to close it. The due day is today or later.
 */
export interface ConditionInput {
  conditionId: string;
  text: string;
  ownerId: string;
  dueOn: string;
}

/** The go a condition belongs to (template stages for a project bound to a template). */
export interface ConditionGate {
  fromStage: Stage;
  toStage: Stage;
  fromTemplateStage?: string;
  toTemplateStage?: string;
}

export interface ConditionSetting extends OnProject {
  conditionId: string;
  text: string;
  /** The owner as the team names them (id in its canonical form). */
  owner: Person;
  dueOn: string;
  /** The instant of the go (server clock). */
  setAt: string;
  gate: ConditionGate;
}

export interface ConditionClosure extends OnProject {
  conditionId: string;
  /** What shows the condition is met, in words. */
  evidence: string;
  /** A document on the record that shows it, if any. */
  documentId: string | null;
}

export type CloseCondition = Command<'CloseCondition', ConditionClosure>;
export type ConditionCommand = CloseCondition;

export type ConditionSet = Event<'ConditionSet', ConditionSetting>;
export type ConditionClosed = Event<
  'ConditionClosed',
  ConditionClosure & { closedBy: { id: string; name: string; role: Role }; closedAt: string }
>;
export type ConditionEvent = ConditionSet | ConditionClosed;

export const CONDITION_STATUSES = ['open', 'closed'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

/** A condition as the project's state keeps it. */
export interface ConditionRecord extends Omit<ConditionSetting, 'projectId'> {
  /** The revision of its ConditionSet event. */
  revision: number;
  status: ConditionStatus;
  evidence: string | null;
  documentId: string | null;
  closedAt: string | null;
  closedBy: { id: string; name: string; role: Role } | null;
}
