import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AppConfig, problem, ProblemError, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import type { UserRecord } from './user-directory';

export const TOKEN_ISSUER = 'medtech-pipeline';
export const TOKEN_AUDIENCE = 'medtech-pipeline-api';
const ISSUER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
// About one per user signed in within a token's lifetime; beyond that the oldest are verified again.
const VERIFIED_TOKENS_KEPT = 10_000;

/** A token's sha256 (hex): how a token is compared or remembered without keeping it. */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Issues (builtin) and verifies (builtin or oidc) the bearer tokens. */
@Injectable()
export class TokenService {
  private key?: { kid: string; secret: Uint8Array };
  private jwks?: ReturnType<typeof createRemoteJWKSet>;
  // Claims of tokens already verified, by the token's exact text, until they expire: a client sends the same
  // token with every request, and checking its signature each time was a sixth of a command's CPU.
  private readonly verified = new Map<string, JWTPayload>();

  constructor(
    private readonly config: AppConfig,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  /** The HS256 key: from AUTH_JWT_SECRET, else generated once and kept in the database (all API processes share it). */
  async init(): Promise<void> {
    if (this.config.AUTH_MODE !== 'builtin' || this.key) return;
    if (this.config.AUTH_JWT_SECRET) {
      this.key = { kid: 'config', secret: new TextEncoder().encode(this.config.AUTH_JWT_SECRET) };
      return;
    }
    await this.db.query(
      `INSERT INTO auth_signing_keys (kid, alg, secret) VALUES ('default', 'HS256', $1) ON CONFLICT (kid) DO NOTHING`,
      [randomBytes(64).toString('base64url')],
    );
    const { rows } = await this.db.query<{ secret: string }>(`SELECT secret FROM auth_signing_keys WHERE kid = 'default'`);
    this.key = { kid: 'default', secret: Buffer.from(rows[0].secret, 'base64url') };
  }

  async issue(user: UserRecord, options: { expiresInSeconds?: number } = {}): Promise<IssuedToken> {
    const key = this.builtinKey();
    const ttl = options.expiresInSeconds ?? this.config.AUTH_TOKEN_TTL_SECONDS;
    const now = Math.floor(Date.now() / 1000);
    // `ver`: the account's token version; a sign-out, password change or lock raises it and ends this token.
    const accessToken = await new SignJWT({ name: user.name, role: user.role, auth_time: now, ver: user.tokenVersion })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
      .setSubject(user.username)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(key.secret);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl };
  }

  /** The verified claims, or a 401 problem naming why (expired, bad signature, wrong issuer…). */
  async verify(token: string): Promise<JWTPayload> {
    const known = this.verified.get(token);
    if (known && (known.exp as number) * 1000 > Date.now()) return known;
    // Expired (or never seen): jose checks it again and says which.
    this.verified.delete(token);
    const payload = await this.verifyWithKey(token);
    if (typeof payload.exp === 'number') {
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, payload);
    }
    return payload;
  }

  private async verifyWithKey(token: string): Promise<JWTPayload> {
    try {
      if (this.config.AUTH_MODE === 'oidc') {
        const { payload } = await jwtVerify(token, this.issuerKeys(), {
          issuer: this.config.OIDC_ISSUER,
          audience: this.config.OIDC_AUDIENCE,
          algorithms: ISSUER_ALGORITHMS,
        });
        return payload;
      }
      const { payload } = await jwtVerify(token, this.builtinKey().secret, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
      });
      return payload;
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      if (!(error instanceof errors.JOSEError)) throw error;
      throw new ProblemError(
        problem(401, expired ? 'token_expired' : 'invalid_token', expired ? 'Token expired' : 'Invalid token', {
          detail: expired ? 'The bearer token has expired: sign in again.' : 'The bearer token could not be verified.',
        }),
        { 'WWW-Authenticate': `Bearer error="invalid_token"` },
      );
    }
  }

  private builtinKey(): { kid: string; secret: Uint8Array } {
    if (!this.key) throw new Error('TokenService.init() has not run (or AUTH_MODE is not builtin)');
    return this.key;
  }

  // jose caches the key set and refetches it when a token names an unknown kid (key rotation).
  private issuerKeys(): ReturnType<typeof createRemoteJWKSet> {
    if (!this.jwks) {
      const issuer = this.config.OIDC_ISSUER!.replace(/\/$/, '');
      let resolved: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
      const lazy = async (...args: Parameters<ReturnType<typeof createRemoteJWKSet>>) => {
        resolved ??= this.config.OIDC_JWKS_URI
          ? Promise.resolve(createRemoteJWKSet(new URL(this.config.OIDC_JWKS_URI)))
          : discover(issuer).then((uri) => createRemoteJWKSet(new URL(uri)));
        return (await resolved.catch((e) => ((resolved = undefined), Promise.reject(e))))(...args);
      };
      this.jwks = lazy as unknown as ReturnType<typeof createRemoteJWKSet>;
    }
    return this.jwks;
  }
}

// OpenID Connect Discovery 1.0: the issuer names its key set.
async function discover(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`OIDC discovery at ${issuer} answered ${res.status}`);
  const document = (await res.json()) as { jwks_uri?: string };
  if (!document.jwks_uri) throw new Error(`OIDC discovery at ${issuer} names no jwks_uri`);
  return document.jwks_uri;
}
