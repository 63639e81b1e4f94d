import type { EventStore, ReadStreamOptions, RecordedEvent } from '@app/event-store';
import { ProjectStateCache } from './project-state-cache';

// A stream of milestone-free events the domain folds: a proposal, then disclosures.
function recorded(revision: number, idempotencyKey?: string): RecordedEvent {
  const data =
    revision === 0
      ? { projectId: 'p', title: 't', summary: 's', deviceType: 'd', riskClass: 'II', targets: [], therapeuticArea: 'a', institution: 'i', department: 'd', leadClinician: { id: 'c', name: 'C' }, partners: [], proposedAt: '2025-01-01T00:00:00.000Z' }
      : { projectId: 'p', disclosureId: `d${revision}`, title: 't', summary: 's', inventors: ['C'], disclosedOn: '2025-01-02' };
  return {
    eventId: `e${revision}`,
    type: revision === 0 ? 'ProjectProposed' : 'InventionDisclosureRecorded',
    schemaVersion: 1,
    data,
    metadata: { occurredAt: '2025-01-01T00:00:00.000Z', actor: { id: 'a', name: 'A', role: 'innovation_office' }, ...(idempotencyKey ? { idempotencyKey } : {}) },
    streamId: 'project-p',
    revision,
    globalPosition: revision + 1,
    recordedAt: '2025-01-01T00:00:00.000Z',
    checkpoint: { transactionId: '1', globalPosition: revision + 1 },
  };
}

function storeOf(events: RecordedEvent[]) {
  const reads: (number | undefined)[] = [];
  const store = {
    readStream: async (_: string, options: ReadStreamOptions = {}) => {
      reads.push(options.fromRevision);
      return events.filter((e) => e.revision >= (options.fromRevision ?? 0));
    },
  } as unknown as EventStore;
  return { store, reads };
}

describe('ProjectStateCache', () => {
  it('folds a stream once, then reads only the events appended since', async () => {
    const events = [recorded(0), recorded(1, 'k1')];
    const { store, reads } = storeOf(events);
    const cache = new ProjectStateCache();
    expect((await cache.load(store, 'project-p')).state.revision).toBe(1);
    events.push(recorded(2, 'k2'));
    const later = await cache.load(store, 'project-p');
    expect(reads).toEqual([undefined, 2]);
    expect(later.state.revision).toBe(2);
    expect(Object.keys(later.state.disclosures)).toEqual(['d1', 'd2']);
    expect(later.byIdempotencyKey.get('k1')?.map((e) => e.eventId)).toEqual(['e1']);
    expect(later.byIdempotencyKey.get('k2')?.map((e) => e.eventId)).toEqual(['e2']);
  });

  it('forgets the least recently used stream beyond its limit, and folds it again when asked', async () => {
    const { store, reads } = storeOf([recorded(0)]);
    const cache = new ProjectStateCache(null, 1);
    await cache.load(store, 'project-a');
    await cache.load(store, 'project-b');
    await cache.load(store, 'project-a');
    expect(reads).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the folded events within its budget: the oldest streams go first, the one just loaded stays', async () => {
    const { store, reads } = storeOf([recorded(0), recorded(1), recorded(2)]);
    const cache = new ProjectStateCache(null, 100, 6);
    await cache.load(store, 'project-a');
    await cache.load(store, 'project-b');
    await cache.load(store, 'project-a');
    await cache.load(store, 'project-b');
    expect(reads).toEqual([undefined, undefined, 3, 3]);
    await cache.load(store, 'project-c');
    await cache.load(store, 'project-a');
    expect(reads).toEqual([undefined, undefined, 3, 3, undefined, undefined]);
    const tiny = new ProjectStateCache(null, 100, 1);
    expect((await tiny.load(store, 'project-a')).state.revision).toBe(2);
    await tiny.load(store, 'project-a');
    expect(reads.at(-1)).toBe(3);
  });
});
