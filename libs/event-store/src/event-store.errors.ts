import { isDatabaseUnavailable } from '@app/platform';
import { ExpectedRevision } from './event-store.port';

export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The stream was not at the expected revision; `actual` is null when the stream does not exist. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(`Stream ${streamId}: expected revision ${expected}, actual ${actual ?? 'no stream'}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id already stored as part of a different append (another stream or another batch): not a retry. */
export class DuplicateEventError extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT';

  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Stream ${streamId}: event id(s) ${eventIds.join(', ')} already belong to another append`);
    this.name = 'DuplicateEventError';
  }
}

/** The append itself is malformed (a programming error in the caller, not a conflict). */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'INVALID_APPEND';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** The database cannot be reached right now; the API answers 503. */
export class DatabaseUnavailableError extends EventStoreError {
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(cause: unknown) {
    const detail = (cause as { message?: unknown } | null)?.message;
    super(`Event store database unavailable: ${typeof detail === 'string' ? detail : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** A failure of the connection, not of the statement: the API answers 503 rather than 500. */
export function isConnectionFailure(error: unknown): boolean {
  return isDatabaseUnavailable(error);
}
