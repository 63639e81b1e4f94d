import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AppConfig, Public } from '@app/platform';

export class AuthConfigResponse {
  @ApiProperty({ enum: ['builtin', 'oidc'], description: 'builtin: POST /auth/login; oidc: sign in at the issuer' })
  mode: 'builtin' | 'oidc';

  @ApiPropertyOptional({ example: 'https://sso.hospital.example/realms/main', description: 'oidc: the issuer to sign in at' })
  issuer?: string;

  @ApiPropertyOptional({ example: 'medtech-pipeline-web', description: 'oidc: the web app’s client id at the issuer (OIDC_WEB_CLIENT_ID)' })
  clientId?: string;

  @ApiPropertyOptional({ example: 'openid profile', description: 'oidc: the scopes the web app asks for (OIDC_WEB_SCOPES)' })
  scopes?: string;
}

/**
 * How a browser signs in: the web app asks this before anyone is signed in, so it is public and names only what the
 * issuer's own discovery document publishes anyway (issuer, a public client's id, scopes), never a secret.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthConfigHttpController {
  constructor(private readonly config: AppConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'How to sign in: builtin, or OpenID Connect with the issuer, client id and scopes of the web app' })
  @ApiOkResponse({ type: AuthConfigResponse })
  authConfig(): AuthConfigResponse {
    if (this.config.AUTH_MODE !== 'oidc') return { mode: 'builtin' };
    return { mode: 'oidc', issuer: this.config.OIDC_ISSUER, clientId: this.config.OIDC_WEB_CLIENT_ID, scopes: this.config.OIDC_WEB_SCOPES };
  }
}
