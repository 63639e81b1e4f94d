import { Injectable } from '@nestjs/common';

/** A readiness check: resolves with details when ready, throws when not. */
export type ReadinessCheck = () => Promise<Record<string, unknown>>;

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
