import { Injectable } from '@nestjs/common';
import { AppConfig, problem, ProblemError } from '@app/platform';

/**
 * Sign-in attempts per client address and user name in a sliding window, in this process's memory
 * (behind several API replicas the limit is per replica; put the shared limit in the ingress).
 */
@Injectable()
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(private readonly config: AppConfig) {}

  /** Counts the attempt; 429 with Retry-After when the window is full. */
  take(ip: string | undefined, username: string): void {
    const windowMs = this.config.LOGIN_RATE_WINDOW_SECONDS * 1000;
    const now = Date.now();
    const key = `${ip ?? '?'}|${username.toLowerCase()}`;
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= this.config.LOGIN_RATE_LIMIT) {
      this.attempts.set(key, recent);
      const retryAfter = Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000));
      throw new ProblemError(problem(429, 'too_many_attempts', 'Too many sign-in attempts', { detail: `Retry in ${retryAfter} s.` }), {
        'Retry-After': String(retryAfter),
      });
    }
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.prune(now, windowMs);
  }

  /** A successful sign-in clears the count for that address and name. */
  reset(ip: string | undefined, username: string): void {
    this.attempts.delete(`${ip ?? '?'}|${username.toLowerCase()}`);
  }

  private prune(now: number, windowMs: number): void {
    for (const [key, times] of this.attempts) if (times.every((t) => now - t >= windowMs)) this.attempts.delete(key);
  }
}
