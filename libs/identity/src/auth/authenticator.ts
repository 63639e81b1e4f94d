import { Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { APP_ROLES, AppConfig, AppRole, Principal, problem, ProblemError } from '@app/platform';
import { tokenDigest, TokenService } from './token.service';
import { UserDirectory } from './user-directory';

const unauthorized = (code: string, title: string, detail: string) =>
  new ProblemError(problem(401, code, title, { detail }), { 'WWW-Authenticate': `Bearer error="invalid_token"` });

/** From a bearer token to the principal: the token proves who; the user record (builtin) says what they may do now. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly users: UserDirectory,
  ) {}

  async authenticate(token: string): Promise<Principal> {
    const claims = await this.tokens.verify(token);
    const principal = await (this.config.AUTH_MODE === 'oidc' ? this.fromIssuer(claims) : this.fromUserRecord(claims));
    const bearer = { digest: tokenDigest(token), ...(typeof claims.jti === 'string' ? { jti: claims.jti } : {}) };
    return { ...principal, bearer };
  }

  private async fromUserRecord(claims: JWTPayload): Promise<Principal> {
    const version = typeof claims.ver === 'number' ? claims.ver : 0;
    let user = await this.users.find(String(claims.sub));
    // A token newer than the cached record (a password changed in another process): read the record again.
    if (user && version > user.tokenVersion) user = await this.users.find(user.username, { fresh: true });
    if (!user) throw unauthorized('unknown_user', 'Unknown user', 'The token names a user that does not exist.');
    if (user.status !== 'active') throw unauthorized('account_locked', 'Account locked', 'This account is locked.');
    // Issued before the last password change, lock or sign-out of the account.
    if (version !== user.tokenVersion) throw unauthorized('token_revoked', 'Token revoked', 'This token was ended by a sign-out, password change or lock: sign in again.');
    return {
      username: user.username,
      actor: { id: user.personId, name: user.name, role: user.role },
      mode: 'builtin',
      mustChangePassword: user.mustChangePassword,
      authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined,
    };
  }

  // The issuer decides who and which role; a local account of the same name can still be locked here.
  private async fromIssuer(claims: JWTPayload): Promise<Principal> {
    const subject = String(claims.sub ?? '');
    if (!subject) throw unauthorized('invalid_token', 'Invalid token', 'The token has no subject.');
    const local = await this.users.find(subject);
    if (local && local.status !== 'active') throw unauthorized('account_locked', 'Account locked', 'This account is locked.');
    const role = roleFromClaim(claimAt(claims, this.config.OIDC_ROLES_CLAIM));
    const name = [claims.name, claims.preferred_username, subject].find((v): v is string => typeof v === 'string' && v.length > 0)!;
    return {
      username: subject,
      actor: { id: subject, name, role },
      mode: 'oidc',
      authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined,
    };
  }
}

export function claimAt(claims: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), claims);
}

// One actor, one role in the record: a token granting two of the tracker's roles is refused, not guessed at.
function roleFromClaim(value: unknown): AppRole {
  const given = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : []).map(String);
  const roles = [...new Set(given.filter((r): r is AppRole => (APP_ROLES as readonly string[]).includes(r)))];
  if (roles.length === 1) return roles[0];
  throw new ProblemError(
    problem(403, roles.length ? 'ambiguous_role' : 'no_role', roles.length ? 'Ambiguous role' : 'No role', {
      detail: roles.length
        ? `The token grants several roles (${roles.join(', ')}); use an account with one.`
        : `The token grants none of the roles ${APP_ROLES.join(', ')}.`,
    }),
  );
}
