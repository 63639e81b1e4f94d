import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, SQL_DATABASE } from '@app/platform';
import type { PersonDirectory, SqlDatabase } from '@app/platform';

/** Persons are the personIds of the accounts in the users table, compared in canonical form. */
@Injectable()
export class AccountPersonDirectory implements PersonDirectory {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
  ) {}

  async findPerson(personKey: string): Promise<{ personId: string; name: string } | null | 'unverifiable'> {
    const { rows } = await this.db.query<{ person_id: string; name: string }>(
      `SELECT person_id, name FROM auth_users WHERE lower(btrim(person_id)) = $1 ORDER BY username LIMIT 1`,
      [personKey],
    );
    if (rows[0]) return { personId: rows[0].person_id, name: rows[0].name };
    // With an external issuer a person may have no local account at all.
    return this.config.AUTH_MODE === 'oidc' ? 'unverifiable' : null;
  }

  async listPersons(role: string): Promise<{ personId: string; name: string }[]> {
    const { rows } = await this.db.query<{ person_id: string; name: string }>(
      `SELECT DISTINCT ON (lower(btrim(person_id))) person_id, name FROM auth_users
        WHERE role = $1 AND status = 'active' ORDER BY lower(btrim(person_id)), username`,
      [role],
    );
    return rows.map((r) => ({ personId: r.person_id, name: r.name })).sort((a, b) => a.name.localeCompare(b.name) || a.personId.localeCompare(b.personId));
  }
}
