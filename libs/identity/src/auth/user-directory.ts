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
  password_hash?: string | null;
}

const COLUMNS = 'username, person_id, name, role, status, must_change_password, projects, revision';

/** The users table: who may sign in, as the user streams leave them. Lookups are cached for AUTH_USER_CACHE_MS. */
@Injectable()
export class UserDirectory {
  private readonly cache = new Map<string, { at: number; user: UserRecord | null }>();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
  ) {}

  async find(username: string): Promise<UserRecord | null> {
    const hit = this.cache.get(username);
    if (hit && Date.now() - hit.at < this.config.AUTH_USER_CACHE_MS) return hit.user;
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM auth_users WHERE username = $1`, [username]);
    const user = rows[0] ? toRecord(rows[0]) : null;
    if (this.config.AUTH_USER_CACHE_MS > 0) this.cache.set(username, { at: Date.now(), user });
    return user;
  }

  async findWithPasswordHash(username: string): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS}, password_hash FROM auth_users WHERE username = $1`, [username]);
    return rows[0] ? { user: toRecord(rows[0]), passwordHash: rows[0].password_hash ?? null } : null;
  }

  async list(): Promise<UserRecord[]> {
    const { rows } = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM auth_users ORDER BY username`);
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM auth_users');
    return Number(rows[0].n);
  }

  /** Writes the state the user's stream reached; the hash only when it changed. Older revisions never win. */
  async save(state: UserState, passwordHash?: string): Promise<void> {
    await this.db.query(
      `INSERT INTO auth_users (username, person_id, name, role, status, must_change_password, projects, password_hash, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (username) DO UPDATE SET person_id = EXCLUDED.person_id, name = EXCLUDED.name, role = EXCLUDED.role,
         status = EXCLUDED.status, must_change_password = EXCLUDED.must_change_password, projects = EXCLUDED.projects,
         password_hash = coalesce(EXCLUDED.password_hash, auth_users.password_hash), revision = EXCLUDED.revision,
         updated_at = now()
       WHERE auth_users.revision < EXCLUDED.revision`,
      [state.username, state.personId, state.name, state.role, state.status, state.mustChangePassword, state.projects, passwordHash ?? null, state.revision],
    );
    this.cache.delete(state.username!);
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
  };
}
