import type { SqlDatabase } from '@app/platform';
import { migrateEventStore, migrateProjections } from '@app/event-store';
import { migrateIdentity } from '@app/identity';
import { migrateDocuments, migrateProjectSnapshots, migrateReadModels } from '@app/pipeline';

/** Each component's schema, in the order a fresh database needs them: what `npm run migrate` applies. */
export const SCHEMA_COMPONENTS: readonly { component: string; migrate: (db: SqlDatabase) => Promise<number[]> }[] = [
  { component: 'event_store', migrate: migrateEventStore },
  { component: 'projections', migrate: migrateProjections },
  { component: 'read_models', migrate: migrateReadModels },
  { component: 'identity', migrate: migrateIdentity },
  { component: 'documents', migrate: migrateDocuments },
  { component: 'command_snapshots', migrate: migrateProjectSnapshots },
];

/**
 * Applies every pending migration of every component (each its own transaction, under the migration lock, so
 * a starting API or projector never sees half of it); returns the versions applied per component.
 * The API and the projector apply the same on start-up, so running this first only takes that off their start.
 */
export async function migrateDatabase(db: SqlDatabase): Promise<Record<string, number[]>> {
  const applied: Record<string, number[]> = {};
  for (const { component, migrate } of SCHEMA_COMPONENTS) applied[component] = await migrate(db);
  return applied;
}
