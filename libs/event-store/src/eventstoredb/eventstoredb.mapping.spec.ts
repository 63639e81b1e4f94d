import {
  ANY,
  DeadlineExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { JSONEventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { compareCheckpoints } from '../event-row.mapping';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { newEvent } from '../testing';
import {
  appendIdOf,
  comparePositions,
  fromEsdbCurrentRevision,
  fromEsdbEvent,
  isEsdbConnectionError,
  isStreamNotFound,
  isSystemEvent,
  isWrongExpectedVersion,
  requirePosition,
  storedEventId,
  toCheckpoint,
  toEsdbExpectedRevision,
  toEventData,
  toPosition,
  toWrongExpectedRevision,
  uuidV5,
  validateAppend,
} from './eventstoredb.mapping';

const APPEND_ID = '00000000-0000-4000-8000-000000000001';

// What the client hands back for an event written as `data`: JSON text parsed again, as over the wire.
function asStored(
  data: JSONEventData,
  overrides: Partial<{ streamId: string; revision: bigint; created: Date; commit: bigint; prepare: bigint }> = {},
): EsdbRecordedEvent {
  return {
    streamId: overrides.streamId ?? 'p-1',
    id: data.id,
    isJson: true,
    revision: overrides.revision ?? 0n,
    type: data.type,
    created: overrides.created ?? new Date('2024-05-06T07:08:10.456Z'),
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position: { commit: overrides.commit ?? 1_000n, prepare: overrides.prepare ?? 1_096n },
  } as EsdbRecordedEvent;
}

describe('EventStoreDB mapping', () => {
  describe('expected revision', () => {
    it.each([
      ['no_stream', NO_STREAM],
      ['stream_exists', STREAM_EXISTS],
      ['any', ANY],
      [0, 0n],
      [41, 41n],
    ] as const)('%p becomes %p', (ours, theirs) => {
      expect(toEsdbExpectedRevision(ours)).toBe(theirs);
    });

    it("reads ESDB's current revision back, no_stream as null", () => {
      expect(fromEsdbCurrentRevision(NO_STREAM)).toBeNull();
      expect(fromEsdbCurrentRevision(undefined)).toBeNull();
      expect(fromEsdbCurrentRevision(7n)).toBe(7);
    });

    it("turns the client's WrongExpectedVersionError into ours with the actual revision", () => {
      const theirs = new WrongExpectedVersionError(undefined, { streamName: 'p-1', expected: 1n, current: 4n });
      expect(isWrongExpectedVersion(theirs)).toBe(true);
      const ours = toWrongExpectedRevision('p-1', 1, theirs);
      expect(ours).toBeInstanceOf(WrongExpectedRevisionError);
      expect(ours).toMatchObject({ streamId: 'p-1', expected: 1, actual: 4, code: 'WRONG_EXPECTED_REVISION' });

      const missing = new WrongExpectedVersionError(undefined, { streamName: 'p-2', expected: STREAM_EXISTS, current: NO_STREAM });
      expect(toWrongExpectedRevision('p-2', 'stream_exists', missing).actual).toBeNull();
      expect(isWrongExpectedVersion(new UnavailableError())).toBe(false);
    });
  });

  describe('new events', () => {
    it('stores the envelope in metadata, with ESDB’s own correlation keys', () => {
      const event = newEvent({
        type: 'GateDecisionRecorded',
        schemaVersion: 3,
        metadata: { reason: 'Endpoint met', correlationId: 'req-1', causationId: 'cmd-1', idempotencyKey: 'k-1' },
      });
      const data = toEventData(event, event.eventId, APPEND_ID);
      expect(data).toEqual({
        id: event.eventId,
        contentType: 'application/json',
        type: 'GateDecisionRecorded',
        data: event.data,
        metadata: {
          ...event.metadata,
          schemaVersion: 3,
          eventId: event.eventId,
          appendId: APPEND_ID,
          $correlationId: 'req-1',
          $causationId: 'cmd-1',
        },
      });
    });

    it('leaves ESDB’s correlation keys out when there is nothing to correlate', () => {
      const metadata = toEventData(newEvent(), '6a1f3a51-1bb2-4a40-9f0a-0d6c3b1a5e77', APPEND_ID).metadata as object;
      expect(metadata).not.toHaveProperty('$correlationId');
      expect(metadata).not.toHaveProperty('$causationId');
    });

    it('stores absent data as JSON null', () => {
      expect(toEventData(newEvent({ data: undefined }), randomId(1), APPEND_ID).data).toBeNull();
    });

    it('keeps the caller’s event id without an idempotency key, derives one from (stream, key, index) with it', () => {
      const plain = newEvent();
      expect(storedEventId('p-1', plain, 0)).toBe(plain.eventId);

      const keyed = (eventId: string) => newEvent({ eventId, metadata: { idempotencyKey: 'cmd-42' } });
      const first = storedEventId('p-1', keyed(randomId(2)), 0);
      // A retry carries new event ids but the same key: the stored ids are the same, so ESDB dedupes it.
      expect(storedEventId('p-1', keyed(randomId(3)), 0)).toBe(first);
      expect(storedEventId('p-1', keyed(randomId(2)), 1)).not.toBe(first);
      expect(storedEventId('p-2', keyed(randomId(2)), 0)).not.toBe(first);
      expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('derives UUID v5 as RFC 9562 does', () => {
      // The RFC's example: "www.example.com" in the DNS namespace.
      expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    });

    it('refuses what ESDB or the envelope cannot carry', () => {
      const refuse = (streamId: string, events = [newEvent()]) =>
        expect(() => validateAppend(streamId, events, 'any')).toThrow(expect.objectContaining({ code: 'INVALID_APPEND' }));
      refuse('$settings');
      refuse('');
      refuse('p-1', []);
      refuse('p-1', [newEvent({ eventId: 'not-a-uuid' })]);
      refuse('p-1', [newEvent({ metadata: { schemaVersion: 2 } })]);
      refuse('p-1', [newEvent({ metadata: { $correlationId: 'x' } })]);
      refuse('p-1', [newEvent({ metadata: { idempotencyKey: 'a' } }), newEvent({ metadata: { idempotencyKey: 'b' } })]);
      expect(() => validateAppend('p-1', [newEvent()], -1)).toThrow(/not a revision/);
      expect(() => validateAppend('project-1', [newEvent(), newEvent()], 3)).not.toThrow();
    });
  });

  describe('recorded events', () => {
    it('reads back exactly what was appended, with revision, positions and the server’s time', () => {
      const event = newEvent({
        schemaVersion: 2,
        data: { outcome: 'kill', nested: { list: [1, 'two', null] } },
        metadata: { correlationId: 'req-1', causationId: 'cmd-1', idempotencyKey: 'k', signatureMeaning: 'approved' },
      });
      const storedId = storedEventId('p-1', event, 0);
      const stored = asStored(toEventData(event, storedId, APPEND_ID), { revision: 5n, commit: 2_000n, prepare: 2_210n });
      expect(appendIdOf(stored)).toBe(APPEND_ID);
      expect(fromEsdbEvent(stored)).toEqual({
        ...event,
        streamId: 'p-1',
        revision: 5,
        globalPosition: 2_210,
        recordedAt: '2024-05-06T07:08:10.456Z',
        checkpoint: { transactionId: '2000', globalPosition: 2_210 },
      });
      // The adapter's keys stay in ESDB; the port sees the metadata it was given.
      expect(fromEsdbEvent(stored).metadata).toEqual(event.metadata);
    });

    it('names the stream as the port knows it, without the store’s namespace', () => {
      const stored = asStored(toEventData(newEvent(), randomId(4), APPEND_ID), { streamId: 'test-7f3a/p-1' });
      expect(fromEsdbEvent(stored, 'p-1').streamId).toBe('p-1');
    });

    it('reads an event another tool wrote: its ESDB id, schema version 1', () => {
      const foreign = {
        ...asStored(toEventData(newEvent(), randomId(5), APPEND_ID)),
        metadata: { occurredAt: '2024-01-01T00:00:00.000Z', actor: { id: 'etl', name: 'ETL', role: 'system' } },
      } as EsdbRecordedEvent;
      expect(fromEsdbEvent(foreign)).toMatchObject({ eventId: randomId(5), schemaVersion: 1 });
      expect(appendIdOf(foreign)).toBeUndefined();
    });

    it('refuses binary events and events without an $all position', () => {
      const json = asStored(toEventData(newEvent(), randomId(6), APPEND_ID));
      expect(() => fromEsdbEvent({ ...json, isJson: false, data: new Uint8Array() } as EsdbRecordedEvent)).toThrow(/not JSON/);
      // Servers before 22.x answer stream reads with 2^64-1 for positions they do not know.
      const unknown = { ...json, position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n } } as EsdbRecordedEvent;
      expect(() => fromEsdbEvent(unknown)).toThrow(/22\.10/);
      expect(() => requirePosition({ ...json, position: undefined })).toThrow(/without its \$all position/);
    });
  });

  describe('checkpoints', () => {
    it('encode {commit, prepare} as (transactionId, globalPosition) and back', () => {
      const position = { commit: 9_007_199_254_740_993n, prepare: 4_321n };
      expect(toCheckpoint(position)).toEqual({ transactionId: '9007199254740993', globalPosition: 4_321 });
      expect(toPosition(toCheckpoint(position))).toEqual(position);
    });

    it('order as $all does, so the shared compareCheckpoints works on them', () => {
      // One append: shared commit, increasing prepare. Then a later append.
      const positions = [
        { commit: 100n, prepare: 100n },
        { commit: 100n, prepare: 180n },
        { commit: 100n, prepare: 260n },
        { commit: 340n, prepare: 340n },
        { commit: 1_000_000n, prepare: 1_000_000n },
      ];
      for (const a of positions) {
        for (const b of positions) {
          expect(compareCheckpoints(toCheckpoint(a), toCheckpoint(b))).toBe(comparePositions(a, b));
        }
      }
      expect(comparePositions(positions[1], positions[2])).toBe(-1);
      expect(comparePositions(positions[3], positions[3])).toBe(0);
    });

    it('refuse a checkpoint that is not one of ours, and a prepare position past 2^53', () => {
      expect(() => toPosition({ transactionId: 'abc', globalPosition: 1 })).toThrow(TypeError);
      expect(() => toPosition({ transactionId: '1', globalPosition: -1 })).toThrow(TypeError);
      expect(() => toCheckpoint({ commit: 1n, prepare: 2n ** 60n })).toThrow(/safe integer/);
    });
  });

  describe('errors and system events', () => {
    it('treats the server being out of reach as unavailability, and nothing else', () => {
      expect(isEsdbConnectionError(new UnavailableError())).toBe(true);
      expect(isEsdbConnectionError(new DeadlineExceededError())).toBe(true);
      expect(isEsdbConnectionError(new TimeoutError())).toBe(true);
      expect(isEsdbConnectionError({ code: 14, details: 'No connection established' })).toBe(true);
      expect(isEsdbConnectionError({ code: 4 })).toBe(true);
      expect(isEsdbConnectionError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n }))).toBe(
        false,
      );
      expect(isEsdbConnectionError(new StreamNotFoundError(undefined, 's'))).toBe(false);
      expect(isEsdbConnectionError({ code: 5 })).toBe(false);
      expect(isEsdbConnectionError(new Error('boom'))).toBe(false);
      expect(isEsdbConnectionError(null)).toBe(false);
    });

    it('recognises a missing stream', () => {
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'p-1'))).toBe(true);
      expect(isStreamNotFound(new UnavailableError())).toBe(false);
    });

    it('knows ESDB’s own records in $all', () => {
      expect(isSystemEvent({ type: '$statsCollected', streamId: '$stats-127.0.0.1:2113' })).toBe(true);
      expect(isSystemEvent({ type: '$>', streamId: '$ce-project' })).toBe(true);
      expect(isSystemEvent({ type: '$metadata', streamId: '$$project-1' })).toBe(true);
      expect(isSystemEvent({ type: 'ProjectProposed', streamId: 'project-1' })).toBe(false);
    });
  });
});

function randomId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}
