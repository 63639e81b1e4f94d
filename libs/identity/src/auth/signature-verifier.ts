import { Injectable } from '@nestjs/common';
import { AppConfig, Principal, problem, ProblemError, SignatureCredentials, SignatureVerifier } from '@app/platform';
import { UserAccounts } from '../application/user-accounts.service';
import type { SignatureFailureReason } from '../domain';
import { PasswordAttempts } from './password-attempts';
import { PasswordHasher } from './password-hasher';
import { SpentSignatureTokens } from './spent-signature-tokens';
import { tokenDigest, TokenService } from './token.service';
import { UserDirectory } from './user-directory';

const refused = (detail: string) =>
  new ProblemError(problem(401, 'signature_authentication_failed', 'Signature not authenticated', { detail }));
// A spent token is kept a little past the instant it stops being fresh, for clocks a little apart.
const CLOCK_SLACK_SECONDS = 60;

/**
 * An electronic signature is executed with the signer's credentials in the same request (21 CFR 11.200):
 * the password (builtin), or a token the issuer issued moments ago to the same subject (oidc, auth_time), other than
 * the request's bearer token and never used to sign before. Guessing is limited like sign-in (PasswordAttempts: 429,
 * then a lock-out), and every failed attempt is recorded on the signer's user stream (UserSignatureFailed).
 */
@Injectable()
export class CredentialSignatureVerifier implements SignatureVerifier {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly attempts: PasswordAttempts,
    private readonly accounts: UserAccounts,
    private readonly spent: SpentSignatureTokens,
  ) {}

  async verify(
    principal: Principal,
    credentials: SignatureCredentials,
    subject: { projectId: string; requestId?: string },
  ): Promise<{ method: 'password' | 'oidc_token' }> {
    return this.config.AUTH_MODE === 'oidc' ? this.withIssuerToken(principal, credentials, subject) : this.withPassword(principal, credentials, subject);
  }

  private async withPassword(
    principal: Principal,
    credentials: SignatureCredentials,
    subject: { projectId: string; requestId?: string },
  ): Promise<{ method: 'password' }> {
    if (!credentials.password) throw refused('Re-enter your password in signature.password to sign.');
    const attempt = await this.attempts.reauthenticate(principal.username);
    let ok: boolean;
    let active: boolean;
    try {
      const found = await this.users.findWithPasswordHash(principal.username);
      ok = await this.hasher.verify(found?.passwordHash, credentials.password);
      active = found?.user.status === 'active';
    } catch (error) {
      attempt.abandoned();
      throw error;
    }
    if (!active) {
      attempt.abandoned();
      throw refused('The account is locked.');
    }
    if (ok) {
      await attempt.succeeded();
      return { method: 'password' };
    }
    let outcome: { locked: boolean; failures: number };
    try {
      await this.record(principal, subject, 'wrong_password');
    } finally {
      outcome = await attempt.failed();
    }
    const { locked, failures } = outcome;
    throw refused(locked ? `The password is not correct; after ${failures} failed attempts in a row the account is locked.` : 'The password is not correct.');
  }

  private async withIssuerToken(
    principal: Principal,
    credentials: SignatureCredentials,
    subject: { projectId: string; requestId?: string },
  ): Promise<{ method: 'oidc_token' }> {
    if (!credentials.token) throw refused('Sign with a fresh token from the identity provider in signature.token.');
    const fail = async (reason: SignatureFailureReason, detail: string): Promise<never> => {
      await this.record(principal, subject, reason);
      throw refused(detail);
    };
    const digest = tokenDigest(credentials.token);
    const claims = await this.tokens.verify(credentials.token).catch(() => undefined);
    if (!claims) return fail('token_invalid', 'The signature token could not be verified.');
    if (claims.sub !== principal.username) return fail('token_of_another_subject', 'The signature token names someone else.');
    // The bearer token proves a session, not presence at this moment: the signature needs a token of its own.
    if (digest === principal.bearer?.digest || (claims.jti !== undefined && claims.jti === principal.bearer?.jti)) {
      return fail('token_is_bearer', 'The signature token is the request’s bearer token: authenticate again for the signature.');
    }
    const authTime = Number(claims.auth_time);
    const age = Math.floor(Date.now() / 1000) - authTime;
    if (!Number.isFinite(age) || age > this.config.OIDC_SIGNATURE_MAX_AGE_SECONDS) {
      return fail('token_not_fresh', `Authenticate again: a signature needs a sign-in within the last ${this.config.OIDC_SIGNATURE_MAX_AGE_SECONDS} s.`);
    }
    // Spent until it could no longer sign anyway: stale or expired, whichever comes first.
    const usableUntil = Math.min(authTime + this.config.OIDC_SIGNATURE_MAX_AGE_SECONDS, typeof claims.exp === 'number' ? claims.exp : Infinity);
    const tokenId = typeof claims.jti === 'string' && claims.jti ? `jti:${claims.jti}` : `sha256:${digest}`;
    if (!(await this.spent.spend(tokenId, principal.username, new Date((usableUntil + CLOCK_SLACK_SECONDS) * 1000)))) {
      return fail('token_already_used', 'This signature token has signed before: authenticate again for each signature.');
    }
    return { method: 'oidc_token' };
  }

  // Attempted misuse stays visible on the record (Part 11): the event is written before the 401 is answered.
  private async record(principal: Principal, subject: { projectId: string; requestId?: string }, reason: SignatureFailureReason): Promise<void> {
    await this.accounts.execute(
      {
        type: 'RecordSignatureFailure',
        data: { username: principal.username, projectId: subject.projectId, reason },
        metadata: { actor: principal.actor, account: principal.username },
      },
      { requestId: subject.requestId, retries: 5 },
    );
  }
}
