import { migrate, Migration, SqlDatabase } from '@app/platform';

const CHECKPOINTS = `
-- One row per projection (and one per running rebuild, named <projection>__rebuild). The runner writes it
-- in the same transaction as the rows it applied.
CREATE TABLE projection_checkpoints (
  name text PRIMARY KEY,
  version integer NOT NULL,
  transaction_id xid8,
  global_position bigint,
  events_applied bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

export const PROJECTION_MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'projection checkpoints', sql: CHECKPOINTS }];

export function migrateProjections(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'projections', PROJECTION_MIGRATIONS);
}
