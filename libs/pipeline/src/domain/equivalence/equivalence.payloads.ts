// Clinical evaluation by equivalence to a predicate device: the class I/II route around a clinical trial.
import type { Command, Event, OnProject, Tracked } from '../shared/shapes';

export interface EquivalenceEvaluation {
  evaluationId: string;
  predicateDevice: string;
  predicateManufacturer: string;
  /** Predicate's registration / clearance number, e.g. a 510(k) number. */
  predicateReference: string;
  equivalent: boolean;
  evaluatedOn: string;
}

export type RecordEquivalenceEvaluation = Command<'RecordEquivalenceEvaluation', OnProject & EquivalenceEvaluation>;
export type EquivalenceEvaluationRecorded = Event<'EquivalenceEvaluationRecorded', OnProject & EquivalenceEvaluation>;

export interface EquivalenceRecord extends Tracked, EquivalenceEvaluation {}
