export { EventStoreDbEventStore } from './eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
