import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowedBeforePasswordChange, APP_ROLES, AppConfig, principalOf, problem, ProblemError, Public, Roles } from '@app/platform';
import { PasswordHasher } from '../../auth/password-hasher';
import { TokenService } from '../../auth/token.service';
import { UserDirectory } from '../../auth/user-directory';
import { UserAccounts } from '../../application/user-accounts.service';
import { ChangeOwnPasswordRequest, LoginRequest, MeResponse, TokenResponse } from './auth.request.dto';
import { LoginRateLimiter } from './login-rate-limiter';

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
    private readonly limiter: LoginRateLimiter,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in (AUTH_MODE=builtin): user name and password for a short-lived bearer token',
    description: 'Rate-limited per client address and user name (429 with Retry-After). With AUTH_MODE=oidc, sign in at the issuer instead.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown user name, wrong password or locked account' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; retry after Retry-After seconds' })
  async login(@Body() body: LoginRequest, @Req() req: Request): Promise<TokenResponse> {
    if (this.config.AUTH_MODE !== 'builtin') {
      throw new ProblemError(problem(404, 'login_not_available', 'Sign in at the identity provider', { detail: 'AUTH_MODE is oidc.' }));
    }
    this.limiter.take(req.ip, body.username);
    const found = await this.users.findWithPasswordHash(body.username);
    if (!(await this.hasher.verify(found?.passwordHash, body.password)) || !found) throw invalidCredentials();
    if (found.user.status !== 'active') {
      throw new ProblemError(problem(401, 'account_locked', 'Account locked', { detail: 'This account is locked; ask an admin.' }));
    }
    this.limiter.reset(req.ip, body.username);
    return { ...(await this.tokens.issue(found.user)), mustChangePassword: found.user.mustChangePassword };
  }

  @Post('password')
  @Roles(...APP_ROLES)
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Change your own password (builtin); answers a fresh token', description: 'Recorded as UserPasswordChanged (never the hash).' })
  @ApiOkResponse({ type: TokenResponse })
  async changePassword(@Body() body: ChangeOwnPasswordRequest, @Req() req: Request): Promise<TokenResponse> {
    const principal = principalOf(req);
    if (principal.mode !== 'builtin') {
      throw new ProblemError(problem(404, 'password_not_managed_here', 'Passwords live at the identity provider'));
    }
    const found = await this.users.findWithPasswordHash(principal.username);
    if (!found || !(await this.hasher.verify(found.passwordHash, body.currentPassword))) throw invalidCredentials();
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
