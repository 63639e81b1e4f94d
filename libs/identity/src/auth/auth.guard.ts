import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  AppConfig,
  AppRole,
  PASSWORD_CHANGE_KEY,
  problem,
  ProblemError,
  PUBLIC_KEY,
  RequestWithPrincipal,
  ROLES_KEY,
  SCRAPE_KEY,
} from '@app/platform';
import { Authenticator } from './authenticator';

/**
 * Every route: @Public, or a bearer token of a user whose role the route's @Roles names.
 * A route with neither is refused (fail closed), and the route × role matrix test names it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const token = bearer(req);
    if (!token) {
      throw new ProblemError(
        problem(401, 'unauthenticated', 'Authentication required', { detail: 'Send a bearer token: POST /auth/login issues one.' }),
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    if (this.reflector.getAllAndOverride<boolean>(SCRAPE_KEY, targets) && sameSecret(token, this.config.METRICS_TOKEN)) return true;

    const principal = await this.authenticator.authenticate(token);
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<AppRole[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw forbidden('route_not_classified', 'This route names no roles, so nobody may call it.');
    if (principal.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(PASSWORD_CHANGE_KEY, targets)) {
      throw forbidden('password_change_required', 'Choose a new password first: POST /auth/password.');
    }
    if (!roles.includes(principal.actor.role)) {
      throw forbidden('role_not_permitted', `Role ${principal.actor.role} may not call this; allowed: ${roles.join(', ')}.`, {
        role: principal.actor.role,
        allowed: roles,
      });
    }
    return true;
  }
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+([\x21-\x7e]+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function sameSecret(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function forbidden(code: string, detail: string, extra: Record<string, unknown> = {}): ProblemError {
  return new ProblemError(problem(403, code, 'Not permitted', { detail, ...extra }));
}
