import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';

/** A readiness check: resolves with details when ready, throws when not (a NotReadyError to say why, with details). */
export type ReadinessCheck = () => Promise<Record<string, unknown>>;

/** Thrown by a readiness check that is down for a reason worth showing (e.g. a stuck projection and its event). */
export class NotReadyError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'NotReadyError';
  }
}

/** Components add their own checks to /health/ready (e.g. projection lag) without the health module knowing them. */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}

/**
 * Resolves a bearer token to its principal, so readiness can show its details to an admin. The identity module
 * provides it (`{ provide: BEARER_AUTHENTICATOR, useExisting: Authenticator }`); without one, only the metrics
 * token shows them.
 */
export interface BearerAuthenticator {
  authenticate(token: string): Promise<Principal>;
}

export const BEARER_AUTHENTICATOR = Symbol('BEARER_AUTHENTICATOR');
