// Checks every area's decider uses: required fields, ids, reasons, persons, past days, pathways.
import { DomainError, DomainErrorCode } from './errors';
import { Authority, isValidPersonKey, Pathway, PATHWAYS_BY_AUTHORITY, Person, personKey, RecordKind } from './values';

/** The largest count of people a trial may name (as RegisterTrial and UpdateEnrolment take it). */
export const MAX_COUNT = 1_000_000;

export function required(fields: Record<string, string | null | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new DomainError('field_required', `${field} is required.`, { field });
    }
  }
}

/** A person as the record keeps them: the id in its canonical form, refused when it cannot name anyone. */
export function person(given: Person, field: string): Person {
  const id = personKey(given.id);
  if (!isValidPersonKey(id)) {
    throw new DomainError(
      'invalid_person_id',
      `${field} is not a person id (letters, digits, _ . @ -; not a reserved name).`,
      {
        field,
        id: given.id,
      },
    );
  }
  return { ...given, id };
}

export function requireReason(reason: string | null | undefined): string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new DomainError('reason_required', 'A reason is required.');
  }
  return reason.trim();
}

export function exists(kind: RecordKind, id: string): DomainError {
  return new DomainError('record_already_exists', `A ${kind} with id ${id} already exists.`, { kind, id });
}

export function unique(registry: Record<string, unknown>, kind: RecordKind, id: string): void {
  required({ [`${kind}Id`]: id });
  if (Object.prototype.hasOwnProperty.call(registry, id)) throw exists(kind, id);
}

export function notFound(code: Extract<DomainErrorCode, `${string}_not_found`>, kind: string, id: string): DomainError {
  return new DomainError(code, `No ${kind} with id ${id} on this project.`, { kind, id });
}

export function notRetracted(record: { retracted: boolean }, kind: RecordKind, id: string): void {
  if (record.retracted) throw new DomainError('record_retracted', `The ${kind} ${id} was retracted.`, { kind, id });
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;

/** A day that exists (no 2025-02-30), from 1900, and not after the day following `now` (time zones east of UTC). */
export function isPastDate(value: string, now: string): boolean {
  const day = Date.parse(`${value}T00:00:00Z`);
  return (
    ISO_DATE.test(value) &&
    !Number.isNaN(day) &&
    new Date(day).toISOString().startsWith(value) &&
    value >= '1900' &&
    day <= Date.parse(now) + DAY_MS
  );
}

export function checkPathway(authority: Authority, pathway: Pathway, index?: number): void {
  const allowed: readonly string[] = PATHWAYS_BY_AUTHORITY[authority] ?? [];
  if (!allowed.includes(pathway)) {
    throw new DomainError('invalid_regulatory_target', `${authority} has no ${pathway} pathway.`, {
      index,
      authority,
      pathway,
      allowed,
    });
  }
}

/** The authority must be one the project targets: a regulatory track exists only per target (issue 15). */
export function requireTarget(targets: readonly { authority: Authority }[] | undefined, authority: Authority): void {
  if (targets?.some((t) => t.authority === authority)) return;
  throw new DomainError('authority_not_targeted', `The project does not target ${authority}.`, {
    authority,
    targets: targets?.map((t) => t.authority) ?? [],
  });
}

/** A day that happened (see isPastDate), else invalid_date naming the field. */
export function requirePastDate(field: string, value: string, now: string): void {
  if (isPastDate(value, now)) return;
  throw new DomainError('invalid_date', `${field} ${value} is not a past day (YYYY-MM-DD).`, { field, value });
}
