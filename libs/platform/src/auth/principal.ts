import type { Request } from 'express';
import { problem, ProblemError } from '../http/problem';
import type { AppRole } from './access.decorators';

/** Who the verified bearer token names, as the user record stands now. */
export interface Principal {
  /** The login (builtin) or the issuer's subject (oidc). */
  username: string;
  /** The actor every event records: person id, printed name, role. */
  actor: { id: string; name: string; role: AppRole };
  /** How the user proves presence again for a signature. */
  mode: 'builtin' | 'oidc';
  /** Seconds since the epoch when the user last authenticated with the issuer (oidc), if told. */
  authTime?: number;
  /** Signed in with a one-time password: only changing it is allowed until then. */
  mustChangePassword?: boolean;
  /** The bearer token this request came with (its sha256, and its jti if any): a signature needs another one. */
  bearer?: { digest: string; jti?: string };
}

export interface RequestWithPrincipal extends Request {
  principal?: Principal;
}

/** The principal the auth guard attached; 401 when none (a route the guard did not cover). */
export function principalOf(req: Request): Principal {
  const principal = (req as RequestWithPrincipal).principal;
  if (!principal) {
    throw new ProblemError(
      problem(401, 'unauthenticated', 'Authentication required', { detail: 'Send a bearer token: POST /auth/login issues one.' }),
      { 'WWW-Authenticate': 'Bearer' },
    );
  }
  return principal;
}

/** What an electronic signature carries to prove the signer is present: their password, or a fresh issuer token. */
export interface SignatureCredentials {
  password?: string;
  token?: string;
}

/** Re-authenticates the signer of an electronic signature (21 CFR 11.200); throws a 401 problem when it fails. */
export interface SignatureVerifier {
  /**
   * `subject` names what is being signed, so a failed attempt can be recorded against it (with the request id as
   * its correlation id, when given). Too many failures answer 429; enough in a row lock the account.
   */
  verify(
    principal: Principal,
    credentials: SignatureCredentials,
    subject: { projectId: string; requestId?: string },
  ): Promise<{ method: 'password' | 'oidc_token' }>;
}

export const SIGNATURE_VERIFIER = Symbol('SIGNATURE_VERIFIER');
