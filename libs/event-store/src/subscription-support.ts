import { compareCheckpoints } from './event-row.mapping';
import type { Checkpoint, SubscribeOptions, Subscription } from './event-store.port';

const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 5_000;

/** Backoff for a failing handler or a dropped connection: 100 ms, doubling, at most 5 s. */
export function retryDelay(attempt: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
}

/** Passes an error to the subscriber's onError; a failing reporter must not stop delivery. */
export function reportSafely(options: SubscribeOptions, error: unknown): void {
  try {
    options.onError?.(error);
  } catch {
    // ignored on purpose
  }
}

interface Waiter {
  target: Checkpoint;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The callers of caughtUp(), each released once the subscription's checkpoint reaches its target. */
export class CatchUpWaiters {
  private waiters: Waiter[] = [];

  constructor(private readonly position: () => Checkpoint | null) {}

  hasReached(target: Checkpoint): boolean {
    const current = this.position();
    return current !== null && compareCheckpoints(current, target) >= 0;
  }

  wait(target: Checkpoint | null, stopping: boolean): Promise<void> {
    if (!target || this.hasReached(target)) return Promise.resolve();
    if (stopping) return Promise.reject(new Error('Subscription stopped before catching up'));
    return new Promise((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  /** After a delivered batch: releases every waiter whose target is now reached. */
  settle(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!this.hasReached(w.target)) return true;
      w.resolve();
      return false;
    });
  }

  rejectAll(): void {
    for (const w of this.waiters.splice(0)) w.reject(new Error('Subscription stopped before catching up'));
  }
}

/** A store's running subscriptions, so close() can stop them all; each handle leaves the set on stop(). */
export class SubscriptionSet<S extends Subscription = Subscription> {
  private readonly running = new Set<S>();

  track(subscription: S): Subscription {
    this.running.add(subscription);
    const running = this.running;
    return {
      get checkpoint() {
        return subscription.checkpoint;
      },
      caughtUp: () => subscription.caughtUp(),
      stop: async () => {
        running.delete(subscription);
        await subscription.stop();
      },
    };
  }

  forEach(visit: (subscription: S) => void): void {
    this.running.forEach(visit);
  }

  async stopAll(): Promise<void> {
    const all = [...this.running];
    this.running.clear();
    await Promise.all(all.map((s) => s.stop()));
  }
}
