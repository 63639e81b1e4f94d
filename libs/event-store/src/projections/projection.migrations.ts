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

// A projection that cannot apply an event stops at it (it never skips one: a read model would then disagree
// with a fresh replay) and says so here, where every process's readiness and the admin can see it.
const STUCK = `
ALTER TABLE projection_checkpoints
  ADD COLUMN stuck_event_id text,
  ADD COLUMN stuck_position bigint,
  ADD COLUMN stuck_event_type text,
  ADD COLUMN stuck_stream_id text,
  ADD COLUMN stuck_error text,
  ADD COLUMN stuck_since timestamptz,
  ADD COLUMN stuck_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN stuck_retry_at timestamptz;
`;

export const PROJECTION_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'projection checkpoints', sql: CHECKPOINTS },
  { version: 2, name: 'stuck projections', sql: STUCK },
];

export function migrateProjections(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'projections', PROJECTION_MIGRATIONS);
}
