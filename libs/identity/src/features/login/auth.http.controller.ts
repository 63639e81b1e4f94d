import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowedBeforePasswordChange, APP_ROLES, AppConfig, principalOf, problem, ProblemError, Public, Roles } from '@app/platform';
import { PasswordAttempts } from '../../auth/password-attempts';
import { PasswordHasher } from '../../auth/password-hasher';
import { TokenService } from '../../auth/token.service';
import { UserDirectory } from '../../auth/user-directory';
import { UserAccounts } from '../../application/user-accounts.service';
import { ChangeOwnPasswordRequest, LoginRequest, MeResponse, TokenResponse } from './auth.request.dto';

const invalidCredentials = () =>
  new ProblemError(problem(401, 'invalid_credentials', 'Sign-in failed', { detail: 'Unknown user name or wrong password.' }));

@ApiTags('auth')
@Controller('auth')
export class AuthHttpController {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly accounts: UserAccounts,
    private readonly attempts: PasswordAttempts,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in (AUTH_MODE=builtin): user name and password for a short-lived bearer token',
    description:
      'Rate-limited per client address and user name, per client address, and per account (429 with Retry-After); ' +
      'AUTH_LOCKOUT_ATTEMPTS failed password checks in a row lock the account. With AUTH_MODE=oidc, sign in at the issuer instead.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown user name, wrong password or locked account' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; retry after Retry-After seconds' })
  @ApiServiceUnavailableResponse({ description: 'Too many password checks at once (server_busy); retry after Retry-After seconds' })
  async login(@Body() body: LoginRequest, @Req() req: Request): Promise<TokenResponse> {
    if (this.config.AUTH_MODE !== 'builtin') {
      throw new ProblemError(problem(404, 'login_not_available', 'Sign in at the identity provider', { detail: 'AUTH_MODE is oidc.' }));
    }
    const attempt = await this.attempts.signIn(req.ip, body.username);
    let found: Awaited<ReturnType<UserDirectory['findWithPasswordHash']>>;
    let ok: boolean;
    try {
      found = await this.users.findWithPasswordHash(body.username);
      ok = await this.hasher.verify(found?.passwordHash, body.password);
    } catch (error) {
      attempt.abandoned();
      throw error;
    }
    if (!ok || !found) {
      await attempt.failed();
      throw invalidCredentials();
    }
    if (found.user.status !== 'active') {
      attempt.abandoned();
      throw new ProblemError(problem(401, 'account_locked', 'Account locked', { detail: 'This account is locked; ask an admin.' }));
    }
    await attempt.succeeded();
    return { ...(await this.tokens.issue(found.user)), mustChangePassword: found.user.mustChangePassword };
  }

  @Post('password')
  @Roles(...APP_ROLES)
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Change your own password (builtin); answers a fresh token',
    description:
      'Recorded as UserPasswordChanged (never the hash). Every token issued before, this one included, stops working. ' +
      'A wrong currentPassword counts as a failed password check of the account (429, then the lock-out), as at sign-in.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiTooManyRequestsResponse({ description: 'Too many failed password checks of this account; retry after Retry-After seconds' })
  async changePassword(@Body() body: ChangeOwnPasswordRequest, @Req() req: Request): Promise<TokenResponse> {
    const principal = principalOf(req);
    if (principal.mode !== 'builtin') {
      throw new ProblemError(problem(404, 'password_not_managed_here', 'Passwords live at the identity provider'));
    }
    const attempt = await this.attempts.reauthenticate(principal.username);
    let found: Awaited<ReturnType<UserDirectory['findWithPasswordHash']>>;
    let ok: boolean;
    try {
      found = await this.users.findWithPasswordHash(principal.username);
      ok = !!found && (await this.hasher.verify(found.passwordHash, body.currentPassword));
    } catch (error) {
      attempt.abandoned();
      throw error;
    }
    if (!ok || !found) {
      await attempt.failed();
      throw invalidCredentials();
    }
    await attempt.succeeded();
    if (body.newPassword === body.currentPassword) {
      throw new ProblemError(problem(400, 'password_unchanged', 'Choose a different password'));
    }
    const result = await this.accounts.execute(
      { type: 'ChangePassword', data: { username: principal.username }, metadata: { actor: principal.actor, account: principal.username } },
      { requestId: String((req as Request & { id?: unknown }).id ?? ''), passwordHash: await this.hasher.hash(body.newPassword) },
    );
    const user = (await this.users.findWithPasswordHash(principal.username))!.user;
    return { ...(await this.tokens.issue(user)), mustChangePassword: result.state.mustChangePassword };
  }

  @Post('logout')
  @Roles(...APP_ROLES)
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Sign out (builtin): every token of this account issued so far stops working',
    description: 'Other API processes refuse them within AUTH_USER_CACHE_MS. With AUTH_MODE=oidc, sign out at the identity provider.',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@Req() req: Request): Promise<void> {
    const principal = principalOf(req);
    if (principal.mode !== 'builtin') {
      throw new ProblemError(problem(404, 'logout_not_available', 'Sign out at the identity provider', { detail: 'AUTH_MODE is oidc.' }));
    }
    await this.users.revokeTokens(principal.username);
  }

  @Get('me')
  @Roles(...APP_ROLES)
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Who the bearer token names, with the role the record will show' })
  @ApiOkResponse({ type: MeResponse })
  me(@Req() req: Request): MeResponse {
    const p = principalOf(req);
    return { username: p.username, actor: p.actor, mode: p.mode, mustChangePassword: p.mustChangePassword ?? false };
  }
}
