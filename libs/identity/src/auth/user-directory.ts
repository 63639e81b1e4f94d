import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import type { UserRole, UserState, UserStatus } from '../domain';

export interface UserRecord {
  username: string;
  personId: string;
  name: string;
  role: UserRole;
  status: UserStatus;
  mustChangePassword: boolean;
  projects: string[];
  revision: number;
  /** Tokens carry it (`ver`); raised by a password change, a lock or a sign-out, which ends every older token. */
  tokenVersion: number;
}

interface UserRow {
  username: string;
  person_id: string;
  name: string;
  role: UserRole;
  status: UserStatus;
  must_change_password: boolean;
  projects: string[];
  revision: number;
  token_version: number;
  password_hash?: string | null;
}

const COLUMNS = 'username, person_id, name, role, status, must_change_password, projects, revision, token_version';

/** The users table: who may sign in, as the user streams leave them. Lookups are cached for AUTH_USER_CACHE_MS. */
@Injectable()
export class UserDirectory {
  private readonly cache = new Map<string, { at: number; user: UserRecord | null }>();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
  ) {}

  /** `fresh`: past the cache, e.g. for a token newer than the cached record (issued by another process). */
  async find(username: string, options: { fresh?: boolean } = {}): Promise<UserRecord | null> {
    const hit = this.cache.get(username);
    if (hit && !options.fresh && Date.now() - hit.at < this.config.AUTH_USER_CACHE_MS) return hit.user;
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM auth_users WHERE username = $1`, [username]);
    const user = rows[0] ? toRecord(rows[0]) : null;
    if (this.config.AUTH_USER_CACHE_MS > 0) this.cache.set(username, { at: Date.now(), user });
    return user;
  }

  async findWithPasswordHash(username: string): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS}, password_hash FROM auth_users WHERE username = $1`, [username]);
    return rows[0] ? { user: toRecord(rows[0]), passwordHash: rows[0].password_hash ?? null } : null;
  }

  /** The accounts of one person (one per role), person ids compared as the project's person directory does. */
  async findByPerson(personId: string): Promise<UserRecord[]> {
    const { rows } = await this.db.query<UserRow>(
      `SELECT ${COLUMNS} FROM auth_users WHERE lower(btrim(person_id)) = lower(btrim($1)) ORDER BY username`,
      [personId],
    );
    return rows.map(toRecord);
  }

  async list(): Promise<UserRecord[]> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM auth_users ORDER BY username`);
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM auth_users');
    return Number(rows[0].n);
  }

  /**
   * Writes the state the user's stream reached; the hash only when it changed. Older revisions never win.
   * `revokeTokens` ends every token issued so far; `clearFailures` restarts the count of failed password checks.
   */
  async save(state: UserState, options: { passwordHash?: string; revokeTokens?: boolean; clearFailures?: boolean } = {}): Promise<void> {
    await this.db.query(
      `INSERT INTO auth_users (username, person_id, name, role, status, must_change_password, projects, password_hash, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (username) DO UPDATE SET person_id = EXCLUDED.person_id, name = EXCLUDED.name, role = EXCLUDED.role,
         status = EXCLUDED.status, must_change_password = EXCLUDED.must_change_password, projects = EXCLUDED.projects,
         password_hash = coalesce(EXCLUDED.password_hash, auth_users.password_hash), revision = EXCLUDED.revision,
         token_version = auth_users.token_version + CASE WHEN $10 THEN 1 ELSE 0 END,
         failed_attempts = CASE WHEN $11 THEN 0 ELSE auth_users.failed_attempts END,
         updated_at = now()
       WHERE auth_users.revision < EXCLUDED.revision`,
      [
        state.username,
        state.personId,
        state.name,
        state.role,
        state.status,
        state.mustChangePassword,
        state.projects,
        options.passwordHash ?? null,
        state.revision,
        options.revokeTokens ?? false,
        options.clearFailures ?? false,
      ],
    );
    this.cache.delete(state.username!);
  }

  /** Sign-out: every token of the account issued so far stops working. */
  async revokeTokens(username: string): Promise<void> {
    await this.db.query('UPDATE auth_users SET token_version = token_version + 1, updated_at = now() WHERE username = $1', [username]);
    this.cache.delete(username);
  }

  /** Counts a failed password check; the consecutive failures so far, or null for a user name without an account. */
  async recordFailure(username: string): Promise<{ failures: number; status: UserStatus } | null> {
    const { rows } = await this.db.query<{ failed_attempts: number; status: UserStatus }>(
      'UPDATE auth_users SET failed_attempts = failed_attempts + 1 WHERE username = $1 RETURNING failed_attempts, status',
      [username],
    );
    return rows[0] ? { failures: Number(rows[0].failed_attempts), status: rows[0].status } : null;
  }

  /** A correct password ends the run of failures (written only when there was one). */
  async clearFailures(username: string): Promise<void> {
    await this.db.query('UPDATE auth_users SET failed_attempts = 0 WHERE username = $1 AND failed_attempts > 0', [username]);
  }
}

function toRecord(row: UserRow): UserRecord {
  return {
    username: row.username,
    personId: row.person_id,
    name: row.name,
    role: row.role,
    status: row.status,
    mustChangePassword: row.must_change_password,
    projects: row.projects ?? [],
    revision: Number(row.revision),
    tokenVersion: Number(row.token_version ?? 0),
  };
}
