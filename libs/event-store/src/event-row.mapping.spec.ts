import {
  compareCheckpoints,
  toDecimalString,
  toIsoTimestamp,
  toRecordedEvent,
  toSafeInteger,
} from './event-row.mapping';
import { DatabaseUnavailableError, isConnectionFailure } from './event-store.errors';

const metadata = { occurredAt: '2024-03-01T08:00:00.000Z', actor: { id: 'u1', name: 'Dr Lin', role: 'clinician' } };

describe('toRecordedEvent', () => {
  it('maps a pg row (bigint as string, xid8 as string, Date)', () => {
    const event = toRecordedEvent({
      global_position: '42',
      transaction_id: '9007199254740993',
      event_id: 'e1',
      stream_id: 'project-1',
      stream_revision: 3,
      type: 'MilestoneLogged',
      schema_version: 1,
      data: { n: 1 },
      metadata,
      recorded_at: new Date('2024-03-02T09:30:00.123Z'),
    });
    expect(event).toEqual({
      eventId: 'e1',
      type: 'MilestoneLogged',
      schemaVersion: 1,
      data: { n: 1 },
      metadata,
      streamId: 'project-1',
      revision: 3,
      globalPosition: 42,
      recordedAt: '2024-03-02T09:30:00.123Z',
      checkpoint: { transactionId: '9007199254740993', globalPosition: 42 },
    });
  });

  it('maps a PGlite row (numbers or BigInt)', () => {
    const event = toRecordedEvent({
      global_position: 42n,
      transaction_id: 751,
      event_id: 'e1',
      stream_id: 's',
      stream_revision: 0n,
      type: 't',
      schema_version: 2,
      data: null,
      metadata,
      recorded_at: '2024-03-02T09:30:00.123+00:00',
    });
    expect(event.globalPosition).toBe(42);
    expect(event.revision).toBe(0);
    expect(event.checkpoint).toEqual({ transactionId: '751', globalPosition: 42 });
    expect(event.recordedAt).toBe('2024-03-02T09:30:00.123Z');
  });
});

describe('scalar conversions', () => {
  it('rejects integers beyond the safe range instead of rounding them', () => {
    expect(toSafeInteger('9007199254740991', 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeInteger('9007199254740993', 'x')).toThrow(TypeError);
    expect(() => toSafeInteger(2n ** 60n, 'x')).toThrow(TypeError);
    expect(() => toSafeInteger('1.5', 'x')).toThrow(TypeError);
    expect(() => toSafeInteger(null, 'x')).toThrow(TypeError);
  });

  it('keeps transaction ids exact as decimal strings', () => {
    expect(toDecimalString(2n ** 63n, 'x')).toBe('9223372036854775808');
    expect(toDecimalString('18446744073709551615', 'x')).toBe('18446744073709551615');
    expect(() => toDecimalString('-1', 'x')).toThrow(TypeError);
  });

  it('gives instants as UTC ISO text with milliseconds, taking that text as it is', () => {
    expect(toIsoTimestamp('2024-03-02T09:30:00.123Z', 'x')).toBe('2024-03-02T09:30:00.123Z');
    expect(toIsoTimestamp('2024-03-02 17:30:00.1+08', 'x')).toBe('2024-03-02T09:30:00.100Z');
    expect(toIsoTimestamp(new Date(Date.UTC(2024, 2, 2, 9, 30)), 'x')).toBe('2024-03-02T09:30:00.000Z');
  });

  it('rejects an invalid timestamp', () => {
    expect(() => toIsoTimestamp('yesterday', 'x')).toThrow(TypeError);
    expect(() => toIsoTimestamp(undefined, 'x')).toThrow(TypeError);
  });
});

describe('compareCheckpoints', () => {
  it('orders by transaction id first, numerically, then by position', () => {
    const at = (transactionId: string, globalPosition: number) => ({ transactionId, globalPosition });
    expect(compareCheckpoints(at('9', 5), at('10', 1))).toBe(-1);
    expect(compareCheckpoints(at('10', 2), at('10', 1))).toBe(1);
    expect(compareCheckpoints(at('10', 1), at('10', 1))).toBe(0);
  });
});

describe('isConnectionFailure', () => {
  const withCode = (code: string) => Object.assign(new Error('x'), { code });

  it('recognises network errors, server shutdown and connection-class SQLSTATEs', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '08006', '08001']) {
      expect(isConnectionFailure(withCode(code))).toBe(true);
    }
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves query errors alone', () => {
    expect(isConnectionFailure(withCode('23505'))).toBe(false);
    expect(isConnectionFailure(withCode('ES409'))).toBe(false);
    expect(isConnectionFailure('ECONNREFUSED')).toBe(false);
  });

  it('keeps the cause', () => {
    const cause = withCode('ECONNREFUSED');
    expect(new DatabaseUnavailableError(cause).cause).toBe(cause);
  });
});
