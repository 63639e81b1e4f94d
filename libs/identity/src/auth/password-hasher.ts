import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { AppConfig, problem, ProblemError } from '@app/platform';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 20 ms a hash on a server core.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Every argon2 hash and verification of the process goes through here, at most PASSWORD_HASH_CONCURRENCY at once
 * and PASSWORD_HASH_QUEUE waiting: a spray of sign-ins then costs a bounded amount of CPU and memory, and a real
 * sign-in waits behind a short queue or is told to retry (503 server_busy), instead of behind every guess.
 */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;

  constructor(private readonly config: AppConfig) {
    this.concurrency = config.PASSWORD_HASH_CONCURRENCY ?? 2 * availableParallelism();
  }

  hash(password: string): Promise<string> {
    return this.inTurn(() => argon2.hash(password, OPTIONS));
  }

  /** False for a missing hash too, after the same work, so timing does not tell which user names exist. */
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.dummy ??= argon2.hash('not a password of anyone', OPTIONS);
      const dummy = await this.dummy;
      await this.inTurn(() => argon2.verify(dummy, password).catch(() => false));
      return false;
    }
    return this.inTurn(() => argon2.verify(hash, password).catch(() => false));
  }

  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else if (this.waiting.length < this.config.PASSWORD_HASH_QUEUE) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else {
      throw new ProblemError(
        problem(503, 'server_busy', 'Too many password checks at once', { detail: 'Retry in a second.' }),
        { 'Retry-After': '1' },
      );
    }
    try {
      return await work();
    } finally {
      // The slot passes to the next in line, or frees up.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
