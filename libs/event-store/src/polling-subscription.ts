import { Checkpoint, ReadAllOptions, ReadAllResult, SubscribeOptions, Subscription } from './event-store.port';
import { CatchUpWaiters, reportSafely, retryDelay } from './subscription-support';

/** What a subscription reads from: the final prefix of the log, and the last committed checkpoint. */
export interface SubscriptionSource {
  readAll(options: ReadAllOptions): Promise<ReadAllResult>;
  headCheckpoint(): Promise<Checkpoint | null>;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_POLL_INTERVAL_MS = 100;

/**
 * Delivers the log in order, batch by batch, at least once and never skipping: a failing handler gets
 * the same batch again with backoff. Re-reads at once while batches come back full, otherwise sleeps
 * for the poll interval unless woken (by NOTIFY).
 */
export class PollingSubscription implements Subscription {
  private current: Checkpoint | null;
  private stopping = false;
  private wakeRequested = false;
  private sleeper: { end: () => void; wakeable: boolean } | null = null;
  private readonly waiters = new CatchUpWaiters(() => this.current);
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly running: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
  ) {
    this.current = options.after;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.running = this.run();
  }

  get checkpoint(): Checkpoint | null {
    return this.current;
  }

  /** New events may be there: stop sleeping (or skip the next sleep). */
  wake(): void {
    this.wakeRequested = true;
    if (this.sleeper?.wakeable) this.sleeper.end();
  }

  async caughtUp(): Promise<void> {
    return this.waiters.wait(await this.source.headCheckpoint(), this.stopping);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper?.end();
    await this.running;
    this.waiters.rejectAll();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let page: ReadAllResult;
      try {
        page = await this.source.readAll({ after: this.current, maxCount: this.batchSize });
        failures = 0;
      } catch (error) {
        reportSafely(this.options, error);
        await this.sleep(retryDelay(++failures), false);
        continue;
      }
      if (page.events.length > 0) {
        if (!(await this.deliver(page))) return;
        this.current = page.events[page.events.length - 1].checkpoint;
        this.waiters.settle();
      }
      if (page.isEnd) await this.sleep(this.pollIntervalMs);
    }
  }

  /** False when stopped before the handler accepted the batch. */
  private async deliver(page: ReadAllResult): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(page.events);
        return true;
      } catch (error) {
        reportSafely(this.options, error);
        if (this.stopping) return false;
        await this.sleep(retryDelay(attempt), false);
        if (this.stopping) return false;
      }
    }
  }

  // A wakeable sleep (idle polling) ends early on wake(); a retry backoff ends early only on stop().
  private sleep(ms: number, wakeable = true): Promise<void> {
    if (this.stopping || (wakeable && this.wakeRequested)) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.sleeper = null;
        if (wakeable) this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.sleeper = { end, wakeable };
    });
  }
}
