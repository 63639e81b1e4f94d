import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';

const PRUNE_EVERY_MS = 60_000;

/**
 * Issuer tokens (oidc) already used to sign, by jti (or the token's sha256 when it has none), kept in the database
 * until they expire, so a token signs once across every API process. A token that expired is refused by its
 * verification anyway, so its row can go.
 */
@Injectable()
export class SpentSignatureTokens {
  private prunedAt = 0;

  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  /** True the first time a token id is spent; false when it was spent before. */
  async spend(tokenId: string, username: string, expiresAt: Date): Promise<boolean> {
    await this.prune();
    const { rows } = await this.db.query<{ token_id: string }>(
      `INSERT INTO auth_used_signature_tokens (token_id, username, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (token_id) DO NOTHING RETURNING token_id`,
      [tokenId, username, expiresAt.toISOString()],
    );
    return rows.length === 1;
  }

  private async prune(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    await this.db.query('DELETE FROM auth_used_signature_tokens WHERE expires_at < now()');
  }
}
