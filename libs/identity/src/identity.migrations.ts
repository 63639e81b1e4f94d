import { migrate, Migration, SqlDatabase } from '@app/platform';

// The users table is the current state of the user-<username> streams plus what events never hold:
// the argon2id password hash. The signing key exists only when AUTH_JWT_SECRET is not configured.
const CREATE_AUTH_TABLES = `
CREATE TABLE auth_users (
  username text PRIMARY KEY,
  person_id text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  status text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  projects text[] NOT NULL DEFAULT '{}',
  password_hash text,
  revision integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth_signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

export const IDENTITY_MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'auth tables', sql: CREATE_AUTH_TABLES }];

export function migrateIdentity(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'identity', IDENTITY_MIGRATIONS);
}
