import { Client, ClientConfig } from 'pg';
import { EVENTS_CHANNEL } from './event-store.migrations';

const RECONNECT_DELAY_MS = 1_000;

/**
 * A dedicated connection LISTENing for appends, so idle subscriptions wake at once instead of at the
 * next poll. Only an accelerator: when it is down, polling still delivers everything. Reconnects on its
 * own and wakes subscribers after each (re)connect, since notifications sent meanwhile are lost.
 */
export class EventNotifier {
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly onEvents: () => void,
  ) {}

  start(): void {
    if (!this.client && !this.connecting && !this.retryTimer && !this.closed) {
      this.connecting = this.connect().finally(() => (this.connecting = null));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.connecting;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    let failed = false;
    const fail = (ended: boolean) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = null;
      if (!ended) void client.end().catch(() => undefined);
      if (this.closed) return;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.start();
      }, RECONNECT_DELAY_MS);
    };
    client.on('error', () => fail(false));
    client.on('end', () => fail(true));
    client.on('notification', () => this.onEvents());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch {
      fail(false);
      return;
    }
    if (this.closed) {
      failed = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.onEvents();
  }
}
