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

// What sign-in needs beside the account's state: a token version (tokens carry it as `ver`; a password change, a lock
// or a sign-out raises it, so every token issued before is refused), the consecutive failed password checks that
// lock the account, and the issuer tokens already spent on a signature (shared by every API process).
const SESSIONS_AND_ATTEMPTS = `
ALTER TABLE auth_users ADD COLUMN token_version integer NOT NULL DEFAULT 0;
ALTER TABLE auth_users ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0;

CREATE TABLE auth_used_signature_tokens (
  token_id text PRIMARY KEY,
  username text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX auth_used_signature_tokens_expiry ON auth_used_signature_tokens (expires_at);
`;

export const IDENTITY_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'auth tables', sql: CREATE_AUTH_TABLES },
  { version: 2, name: 'token versions, failed attempts, spent signature tokens', sql: SESSIONS_AND_ATTEMPTS },
];

export function migrateIdentity(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'identity', IDENTITY_MIGRATIONS);
}
