import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BEARER_AUTHENTICATOR, PERSON_DIRECTORY, SIGNATURE_VERIFIER } from '@app/platform';
import { UserAccounts } from './application/user-accounts.service';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { IdentityBootstrap } from './auth/identity-bootstrap';
import { PasswordAttempts } from './auth/password-attempts';
import { PasswordHasher } from './auth/password-hasher';
import { AccountPersonDirectory } from './auth/person-directory';
import { PeopleHttpController } from './features/people/people.http.controller';
import { CredentialSignatureVerifier } from './auth/signature-verifier';
import { SpentSignatureTokens } from './auth/spent-signature-tokens';
import { TokenService } from './auth/token.service';
import { UserDirectory } from './auth/user-directory';
import { AdminUsersHttpController } from './features/admin-users/admin-users.http.controller';
import { AuthConfigHttpController } from './features/login/auth-config.http.controller';
import { AuthHttpController } from './features/login/auth.http.controller';

/**
 * Who may do what: sign-in, bearer tokens (builtin or an OIDC issuer), the global guard that gives every
 * route its principal and checks @Roles, signature re-authentication, and the admin's user management.
 */
@Global()
@Module({
  controllers: [AuthHttpController, AuthConfigHttpController, AdminUsersHttpController, PeopleHttpController],
  providers: [
    PasswordHasher,
    UserDirectory,
    TokenService,
    Authenticator,
    UserAccounts,
    IdentityBootstrap,
    PasswordAttempts,
    SpentSignatureTokens,
    { provide: SIGNATURE_VERIFIER, useClass: CredentialSignatureVerifier },
    { provide: PERSON_DIRECTORY, useClass: AccountPersonDirectory },
    // Readiness shows its details to an admin's bearer token through this port.
    { provide: BEARER_AUTHENTICATOR, useExisting: Authenticator },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SIGNATURE_VERIFIER, PERSON_DIRECTORY, BEARER_AUTHENTICATOR, TokenService, UserAccounts, UserDirectory, PasswordHasher],
})
export class IdentityModule {}
