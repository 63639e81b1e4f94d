import type { EventStoreDbEventStore, EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
import type { EventStoreDbImportOptions, EventStoreDbImportResult } from './eventstoredb-import';

export type { EventStoreDbEventStore, EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
export type { EventStoreDbImportOptions, EventStoreDbImportResult } from './eventstoredb-import';

// The EventStoreDB adapter and its gRPC client are loaded only where EVENTSTORE_URL asks for them: loading them
// was a tenth of the embedded API's start-up, for a store most deployments never use.

/** The EventStoreDB event store at `url` (EVENTSTORE_URL's form). */
export async function connectEventStoreDb(url: string, options?: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
  const { EventStoreDbEventStore } = await import('./eventstoredb-event-store.js');
  return EventStoreDbEventStore.connect(url, options);
}

/** An export's events.ndjson into the EventStoreDB at `url` (see eventstoredb-import.ts). */
export async function importIntoEventStoreDbAt(url: string, file: string, options?: EventStoreDbImportOptions): Promise<EventStoreDbImportResult> {
  const { importIntoEventStoreDbAt: importAt } = await import('./eventstoredb-import.js');
  return importAt(url, file, options);
}
