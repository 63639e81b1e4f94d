import { DomainError } from '../shared/errors';
import { isPastDate, MAX_COUNT, notFound, notRetracted, requireReason } from '../shared/rules';
import type { CommandMetadata } from '../shared/shapes';
import { personKey, RecordKind } from '../shared/values';
import { findRecord, ProjectState } from '../state';
import { DESIGN_REVIEW_OUTCOMES, TEST_RESULTS } from '../prototype/prototype.payloads';
import { PATENT_KINDS } from '../patents/patents.payloads';
import { PARTNER_KINDS, PARTNER_ROLES } from '../team/team.payloads';
import { TRIAL_PHASES } from '../templates/template.model';
import { TRIAL_REGISTRIES } from '../trials/trials.payloads';
import type { CorrectableValue, CorrectionCommand, RecordCorrected, RecordRetracted } from './corrections.payloads';

export function decideCorrection(
  command: CorrectionCommand,
  state: ProjectState,
): (RecordCorrected | RecordRetracted)[] {
  switch (command.type) {
    case 'CorrectRecord': {
      const d = command.data;
      requireReason(d.reason);
      const record = editableRecord(state, d.target, command.metadata);
      // Own properties only: `constructor` or `__proto__` name no field of any record.
      const fields = CORRECTABLE_FIELDS[d.target.kind];
      const spec: FieldSpec | undefined = Object.hasOwn(fields, d.field) ? fields[d.field] : undefined;
      const current = (Object.hasOwn(record, d.field) ? record[d.field] : undefined) as CorrectableValue | undefined;
      // Only a value that was recorded can be corrected; filling a blank is a new record, not a correction.
      if (!spec || current === undefined || current === null) {
        throw new DomainError('field_not_correctable', `${d.target.kind}.${d.field} cannot be corrected.`, {
          kind: d.target.kind,
          field: d.field,
          correctable: Object.keys(CORRECTABLE_FIELDS[d.target.kind]),
        });
      }
      if (current !== d.oldValue) {
        throw new DomainError('correction_old_value_mismatch', 'The old value does not match the record.', {
          field: d.field,
          current,
          oldValue: d.oldValue,
        });
      }
      if (d.newValue === d.oldValue) {
        throw new DomainError('correction_no_change', 'The new value equals the old value.', { field: d.field });
      }
      if (!fits(spec, d.newValue, command.metadata.now)) {
        throw new DomainError('invalid_correction_value', `Not a valid value for ${d.field}.`, {
          field: d.field,
          newValue: d.newValue,
          expected: spec,
        });
      }
      return [{ type: 'RecordCorrected', data: d }];
    }
    case 'RetractRecord': {
      const d = command.data;
      requireReason(d.reason);
      // The type already excludes them; the check guards untyped callers.
      const kind = d.target.kind as RecordKind;
      if (kind === 'project' || kind === 'partner') {
        throw new DomainError('record_not_retractable', `A ${kind} cannot be retracted.`, { kind });
      }
      editableRecord(state, d.target, command.metadata);
      return [{ type: 'RecordRetracted', data: d }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}

// The record a correction or retraction may touch; clinicians only their own milestones.
function editableRecord(
  state: ProjectState,
  target: { kind: RecordKind; id: string },
  metadata: CommandMetadata,
): Record<string, unknown> {
  const record = findRecord(state, target);
  if (!record) throw notFound('record_not_found', target.kind, target.id);
  if (metadata.actor.role === 'clinician') {
    if (target.kind !== 'milestone') {
      throw new DomainError('role_not_permitted', 'Clinicians may correct or retract only their milestones.', {
        role: metadata.actor.role,
        kind: target.kind,
      });
    }
    if (typeof record.loggedBy !== 'string' || personKey(record.loggedBy) !== personKey(metadata.actor.id)) {
      throw new DomainError('not_record_author', 'Only the clinician who logged the milestone may change it.', {
        milestoneId: target.id,
      });
    }
  }
  if (record.retracted === true) notRetracted({ retracted: true }, target.kind, target.id);
  return record;
}

// Correctable fields per record kind and the values each accepts: the same limits as the command that recorded
// the field (text lengths as its request takes them, counts up to a million), so a correction can never store
// what the record could not have held. Ids, statuses and counts kept by lifecycle events (enrolled, risk class)
// are not correctable.
type FieldSpec = { text: number } | 'date' | 'count' | 'flag' | readonly string[];
const text = (max: number): FieldSpec => ({ text: max });
const NAME = text(200);
const NUMBER = text(64);
const LONG = text(4000);
export const CORRECTABLE_FIELDS: Readonly<Record<RecordKind, Readonly<Record<string, FieldSpec>>>> = {
  project: {
    title: NAME,
    summary: LONG,
    deviceType: NAME,
    therapeuticArea: NAME,
    institution: NAME,
    department: NAME,
  },
  invention_disclosure: { title: text(500), summary: LONG, disclosedOn: 'date' },
  patent: {
    title: text(500),
    jurisdiction: text(8),
    kind: PATENT_KINDS,
    applicationNumber: NUMBER,
    filedOn: 'date',
    publicationNumber: NUMBER,
    publishedOn: 'date',
    patentNumber: NUMBER,
    grantedOn: 'date',
    abandonedOn: 'date',
  },
  prototype: { version: NUMBER, description: LONG, builtOn: 'date' },
  verification_test: {
    standard: NAME,
    lab: NAME,
    result: TEST_RESULTS,
    testedOn: 'date',
    reportReference: NAME,
    cnasNumber: NUMBER,
    cmaNumber: NUMBER,
    iso17025Number: NUMBER,
  },
  design_review: { heldOn: 'date', outcome: DESIGN_REVIEW_OUTCOMES, summary: LONG },
  ethics_approval: { committee: NAME, reference: NAME, approvedOn: 'date' },
  trial: {
    title: text(500),
    registry: TRIAL_REGISTRIES,
    registryId: NUMBER,
    targetEnrolment: 'count',
    registeredOn: 'date',
    firstPatientInOn: 'date',
    completedOn: 'date',
    primaryEndpointMet: 'flag',
    // A phase recorded wrongly (phase II for the pivotal phase III) is a typo; a study with none recorded gets none.
    phase: TRIAL_PHASES,
  },
  equivalence_evaluation: {
    predicateDevice: NAME,
    predicateManufacturer: NAME,
    predicateReference: NUMBER,
    equivalent: 'flag',
    evaluatedOn: 'date',
  },
  submission: { reference: NAME, filedOn: 'date', rejectedOn: 'date' },
  approval: { certificateNumber: NAME, approvedOn: 'date', deviceClass: text(8) },
  milestone: { title: NAME, description: LONG, occurredOn: 'date' },
  partner: { name: NAME, kind: PARTNER_KINDS, role: PARTNER_ROLES },
  // Form, authority and programme say what the record is: a wrong one is retracted and recorded anew.
  trial_authorisation: { reference: NAME, grantedOn: 'date' },
  designation: { reference: NAME, grantedOn: 'date' },
};

function fits(spec: FieldSpec, value: CorrectableValue, now: string): boolean {
  if (Array.isArray(spec)) return typeof value === 'string' && spec.includes(value);
  if (typeof spec === 'object') {
    const { text: max } = spec as { text: number };
    return typeof value === 'string' && value.trim() !== '' && value.length <= max;
  }
  switch (spec) {
    case 'date':
      return typeof value === 'string' && isPastDate(value, now);
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_COUNT;
    case 'flag':
      return typeof value === 'boolean';
  }
}
