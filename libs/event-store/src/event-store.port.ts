// The event store as the rest of the system sees it. Adapters: PostgreSQL (server or PGlite), EventStoreDB.
// The read side (projections, read models) needs nothing else from the store than this port.

/** A number is the revision of the stream's last event (0-based). */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface EventActor {
  id: string;
  name: string;
  role: string;
  /** The account (user name) that acted, where the writer knows it. */
  account?: string;
}

export interface EventMetadata {
  /** ISO instant it happened in the world; a late entry shows the gap to `recordedAt`. */
  occurredAt: string;
  actor: EventActor;
  reason?: string;
  correlationId?: string;
  causationId?: string;
  /**
   * Stored once per stream: a repeated append with it returns the original. The writer decides what the
   * string is (the pipeline scopes a client's key to its account); the store only compares it.
   */
  idempotencyKey?: string;
  [key: string]: unknown;
}

export interface NewEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/** Opaque to consumers: events are delivered in (transactionId, globalPosition) order. */
export interface Checkpoint {
  /** xid8 as a decimal string. */
  transactionId: string;
  globalPosition: number;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  revision: number;
  globalPosition: number;
  /** ISO instant from the database server's clock. */
  recordedAt: string;
  checkpoint: Checkpoint;
}

export interface AppendResult {
  streamId: string;
  nextExpectedRevision: number;
  firstRevision: number;
  /** Of the last event appended. */
  globalPosition: number;
  events: RecordedEvent[];
  /** True when this append repeated an earlier one: nothing was stored, the original result is returned. */
  deduplicated: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** ISO instant: only events recorded at or before it ("what did the record show at T"). */
  recordedUntil?: string;
}

export interface ReadAllOptions {
  after?: Checkpoint | null;
  maxCount: number;
  streamPrefix?: string;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  isEnd: boolean;
}

export type SubscriptionHandler = (events: RecordedEvent[]) => Promise<void>;

export interface SubscribeOptions {
  after: Checkpoint | null;
  batchSize?: number;
  pollIntervalMs?: number;
  handler: SubscriptionHandler;
  onError?: (error: unknown) => void;
}

export interface Subscription {
  stop(): Promise<void>;
  readonly checkpoint: Checkpoint | null;
  /** Resolves when everything committed up to the head at call time has been delivered. */
  caughtUp(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** [] for an unknown stream. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<ReadAllResult>;
  streamRevision(streamId: string): Promise<number | null>;
  /** Highest global position committed (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * The last committed event's checkpoint in delivery order (null when empty), whether or not readers may see
   * it yet: one index probe (PostgreSQL) or one backwards read of $all (EventStoreDB). Lag and progress use it.
   */
  headCheckpoint(): Promise<Checkpoint | null>;
  /** Has a reader at `checkpoint` delivered the event at `globalPosition`? (read-your-writes) */
  hasProcessed(checkpoint: Checkpoint | null, globalPosition: number): Promise<boolean>;
  subscribe(options: SubscribeOptions): Subscription;
  close?(): Promise<void>;
}

/** Nest injection token for the EventStore. */
export const EVENT_STORE = Symbol('EVENT_STORE');
