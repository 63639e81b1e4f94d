import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SIGNATURE_VERIFIER } from '@app/platform';
import { UserAccounts } from './application/user-accounts.service';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { IdentityBootstrap } from './auth/identity-bootstrap';
import { PasswordHasher } from './auth/password-hasher';
import { CredentialSignatureVerifier } from './auth/signature-verifier';
import { TokenService } from './auth/token.service';
import { UserDirectory } from './auth/user-directory';
import { AdminUsersHttpController } from './features/admin-users/admin-users.http.controller';
import { AuthHttpController } from './features/login/auth.http.controller';
import { LoginRateLimiter } from './features/login/login-rate-limiter';

/**
 * Who may do what: sign-in, bearer tokens (builtin or an OIDC issuer), the global guard that gives every
 * route its principal and checks @Roles, signature re-authentication, and the admin's user management.
 */
@Global()
@Module({
  controllers: [AuthHttpController, AdminUsersHttpController],
  providers: [
    PasswordHasher,
    UserDirectory,
    TokenService,
    Authenticator,
    UserAccounts,
    IdentityBootstrap,
    LoginRateLimiter,
    { provide: SIGNATURE_VERIFIER, useClass: CredentialSignatureVerifier },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SIGNATURE_VERIFIER, TokenService, UserAccounts, UserDirectory, PasswordHasher],
})
export class IdentityModule {}
