export { EventStoreDbEventStore } from './eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
export { importIntoEventStoreDb, importIntoEventStoreDbAt } from './eventstoredb-import';
export type { EventStoreDbImportOptions, EventStoreDbImportResult } from './eventstoredb-import';
