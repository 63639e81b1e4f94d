import { createHash } from 'node:crypto';
import { migrate } from '@app/platform';
import type { DatabaseSchema, Migration, SqlDatabase } from '@app/platform';
import { EVENT_STORE_MIGRATIONS, PROJECTION_MIGRATIONS } from '@app/event-store';
import { IDENTITY_MIGRATIONS } from '@app/identity';
import { DOCUMENT_MIGRATIONS, PROJECT_SNAPSHOT_MIGRATIONS, READ_MODEL_MIGRATIONS } from '@app/pipeline';

/** Each component's schema, in the order a fresh database needs them: what `npm run migrate` applies. */
export const SCHEMA_COMPONENTS: readonly { component: string; migrations: readonly Migration[] }[] = [
  { component: 'event_store', migrations: EVENT_STORE_MIGRATIONS },
  { component: 'projections', migrations: PROJECTION_MIGRATIONS },
  { component: 'read_models', migrations: READ_MODEL_MIGRATIONS },
  { component: 'identity', migrations: IDENTITY_MIGRATIONS },
  { component: 'documents', migrations: DOCUMENT_MIGRATIONS },
  { component: 'command_snapshots', migrations: PROJECT_SNAPSHOT_MIGRATIONS },
];

/**
 * Applies every pending migration of every component (each its own transaction, under the migration lock, so
 * a starting API or projector never sees half of it); returns the versions applied per component.
 * The API and the projector apply the same on start-up, so running this first only takes that off their start.
 */
export async function migrateDatabase(db: SqlDatabase): Promise<Record<string, number[]>> {
  const applied: Record<string, number[]> = {};
  for (const { component, migrations } of SCHEMA_COMPONENTS) applied[component] = await migrate(db, component, migrations);
  return applied;
}

/** The schema migrateDatabase makes, named by a hash of every migration: a new embedded database starts migrated. */
export const APP_SCHEMA: DatabaseSchema = {
  key: createHash('sha256').update(JSON.stringify(SCHEMA_COMPONENTS)).digest('hex').slice(0, 16),
  apply: migrateDatabase,
};
