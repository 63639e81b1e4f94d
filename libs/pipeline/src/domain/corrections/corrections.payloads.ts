// Corrections and retractions: the record is never edited in place; each change is an event with a reason.
import type { Command, Event, OnProject } from '../shared/shapes';
import type { RecordKind, RecordRef } from '../shared/values';

export type CorrectableValue = string | number | boolean | null;

export interface Correction {
  target: RecordRef;
  field: string;
  oldValue: CorrectableValue;
  newValue: CorrectableValue;
  reason: string;
}
export interface Retraction {
  target: RecordRef;
  reason: string;
}

export type CorrectRecord = Command<'CorrectRecord', OnProject & Correction>;
export type RetractRecord = Command<
  'RetractRecord',
  OnProject & Retraction & { target: { kind: Exclude<RecordKind, 'project' | 'partner'> } }
>;
export type CorrectionCommand = CorrectRecord | RetractRecord;

export type RecordCorrected = Event<'RecordCorrected', OnProject & Correction>;
export type RecordRetracted = Event<'RecordRetracted', OnProject & Retraction>;

export interface CorrectionEntry extends Correction {
  revision: number;
}

export interface RetractionEntry extends Retraction {
  revision: number;
}
