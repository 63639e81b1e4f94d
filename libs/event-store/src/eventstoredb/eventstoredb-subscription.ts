import type { AllStreamRecordedEvent, AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { Checkpoint, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { compareCheckpoints } from '../event-row.mapping';
import { DEFAULT_BATCH_SIZE } from '../polling-subscription';
import { CatchUpWaiters, reportSafely, retryDelay } from '../subscription-support';

/** What the subscription needs from the store; a seam for tests. */
export interface EventStoreDbSubscriptionSource {
  /** A catch-up subscription to $all after `after` (from the start when null). */
  open(after: Checkpoint | null): AllStreamSubscription;
  accept(event: AllStreamRecordedEvent): boolean;
  toRecorded(event: AllStreamRecordedEvent): RecordedEvent;
  headCheckpoint(): Promise<Checkpoint | null>;
  toStoreError(error: unknown): unknown;
}

const IDLE = Symbol('idle');
const STOPPED = Symbol('stopped');

/**
 * Delivers $all through ESDB's push subscription, in batches of what has already arrived (up to
 * batchSize), at least once and never skipping: a failing handler gets the same batch again with
 * backoff; a dropped subscription is opened again after the last delivered event, with backoff.
 */
export class EventStoreDbSubscription implements Subscription {
  private current: Checkpoint | null;
  private stopping = false;
  private live: AllStreamSubscription | null = null;
  private readonly waiters = new CatchUpWaiters(() => this.current);
  private wakeSleeper: (() => void) | null = null;
  private readonly stopped: Promise<typeof STOPPED>;
  private signalStop!: () => void;
  private readonly batchSize: number;
  private readonly running: Promise<void>;

  constructor(
    private readonly source: EventStoreDbSubscriptionSource,
    private readonly options: SubscribeOptions,
  ) {
    this.current = options.after;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.stopped = new Promise((resolve) => (this.signalStop = () => resolve(STOPPED)));
    this.running = this.run();
  }

  get checkpoint(): Checkpoint | null {
    return this.current;
  }

  async caughtUp(): Promise<void> {
    return this.waiters.wait(await this.source.headCheckpoint(), this.stopping);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.signalStop();
    this.wakeSleeper?.();
    await this.close(this.live);
    await this.running;
    this.waiters.rejectAll();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let subscription: AllStreamSubscription | null = null;
      try {
        subscription = this.source.open(this.current);
        this.live = subscription;
        await this.consume(subscription, () => (failures = 0));
        if (this.stopping) return;
        throw new Error('EventStoreDB ended the subscription');
      } catch (error) {
        if (this.stopping) return;
        reportSafely(this.options, this.source.toStoreError(error));
      } finally {
        this.live = null;
        await this.close(subscription);
      }
      // Dropped (server restart, leader change, network): resubscribe after the last delivered event.
      await this.sleep(retryDelay(++failures));
    }
  }

  private async consume(subscription: AllStreamSubscription, onProgress: () => void): Promise<void> {
    const iterator = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<AllStreamResolvedEvent>> | null = null;
    const pull = () => {
      if (!pending) {
        pending = iterator.next();
        pending.catch(() => undefined); // awaited later, or abandoned when stopping
      }
      return pending;
    };
    for (;;) {
      const first = await Promise.race([pull(), this.stopped]);
      if (first === STOPPED) return;
      pending = null;
      if (first.done) return;
      const batch: RecordedEvent[] = [];
      this.collect(first.value, batch);
      // Take whatever has already arrived, without waiting for more.
      while (batch.length < this.batchSize) {
        const more = await Promise.race([pull(), nextTurn(), this.stopped]);
        if (more === STOPPED) return;
        if (more === IDLE) break;
        pending = null;
        if (more.done) break;
        this.collect(more.value, batch);
      }
      if (batch.length === 0) continue;
      if (!(await this.deliver(batch))) return;
      onProgress();
    }
  }

  // fromPosition is where the subscription resumes; whatever reaches us at or before the last event
  // taken is dropped, so a resubscription never delivers an event twice.
  private collect(resolved: AllStreamResolvedEvent, batch: RecordedEvent[]): void {
    const event = resolved.event;
    if (!event || !this.source.accept(event)) return;
    const recorded = this.source.toRecorded(event);
    const last = batch.length ? batch[batch.length - 1].checkpoint : this.current;
    if (last && compareCheckpoints(recorded.checkpoint, last) <= 0) return;
    batch.push(recorded);
  }

  /** False when stopped before the handler accepted the batch. */
  private async deliver(batch: RecordedEvent[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(batch);
        this.current = batch[batch.length - 1].checkpoint;
        this.waiters.settle();
        return true;
      } catch (error) {
        reportSafely(this.options, error);
        if (this.stopping) return false;
        await this.sleep(retryDelay(attempt));
        if (this.stopping) return false;
      }
    }
  }

  private async close(subscription: AllStreamSubscription | null): Promise<void> {
    if (!subscription) return;
    await subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
  }

  /** Ends early on stop(). */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.wakeSleeper = end;
    });
  }
}

const nextTurn = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));
