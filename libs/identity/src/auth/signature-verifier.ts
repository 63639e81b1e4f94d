import { Injectable } from '@nestjs/common';
import { AppConfig, Principal, problem, ProblemError, SignatureCredentials, SignatureVerifier } from '@app/platform';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';
import { UserDirectory } from './user-directory';

const refused = (detail: string) =>
  new ProblemError(problem(401, 'signature_authentication_failed', 'Signature not authenticated', { detail }));

/**
 * An electronic signature is executed with the signer's credentials in the same request (21 CFR 11.200):
 * the password (builtin), or a token the issuer issued moments ago to the same subject (oidc, auth_time).
 */
@Injectable()
export class CredentialSignatureVerifier implements SignatureVerifier {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async verify(principal: Principal, credentials: SignatureCredentials, _subject: { projectId: string }): Promise<{ method: 'password' | 'oidc_token' }> {
    if (this.config.AUTH_MODE === 'oidc') {
      if (!credentials.token) throw refused('Sign with a fresh token from the identity provider in signature.token.');
      const claims = await this.tokens.verify(credentials.token).catch(() => {
        throw refused('The signature token could not be verified.');
      });
      if (claims.sub !== principal.username) throw refused('The signature token names someone else.');
      const age = Math.floor(Date.now() / 1000) - Number(claims.auth_time);
      if (!Number.isFinite(age) || age > this.config.OIDC_SIGNATURE_MAX_AGE_SECONDS) {
        throw refused(`Authenticate again: a signature needs a sign-in within the last ${this.config.OIDC_SIGNATURE_MAX_AGE_SECONDS} s.`);
      }
      return { method: 'oidc_token' };
    }
    if (!credentials.password) throw refused('Re-enter your password in signature.password to sign.');
    const found = await this.users.findWithPasswordHash(principal.username);
    const ok = await this.hasher.verify(found?.passwordHash, credentials.password);
    if (!ok || found?.user.status !== 'active') throw refused('The password is not correct.');
    return { method: 'password' };
  }
}
