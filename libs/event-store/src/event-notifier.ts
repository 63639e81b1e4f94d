import { Client, ClientConfig } from 'pg';
import { EVENTS_CHANNEL } from './event-store.migrations';

const RECONNECT_DELAY_MS = 1_000;
// At most one NOTIFY per this many milliseconds per process, however many appends it makes meanwhile.
export const ANNOUNCE_INTERVAL_MS = 25;

/**
 * Wake-ups between processes, on the server. Only an accelerator: subscriptions poll, so a NOTIFY lost or
 * never sent delays delivery by one poll interval at most.
 * - Listening: a dedicated connection LISTENs, so idle subscriptions wake at once instead of at the next
 *   poll. Reconnects on its own and wakes subscribers after each (re)connect, since notifications sent
 *   meanwhile are lost.
 * - Announcing: after this process appends, one NOTIFY in its own tiny transaction, at once if none was sent
 *   lately, else one for the whole burst at the end of the interval. Not from inside the append: a notifying
 *   commit holds a cluster-wide lock through its WAL flush, which would serialise every append.
 */
export class EventNotifier {
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private announcePending = false;
  private announcing: Promise<void> | null = null;
  private endPause: (() => void) | null = null;

  constructor(
    private readonly config: ClientConfig,
    private readonly onEvents: () => void,
    private readonly notify: () => Promise<unknown>,
  ) {}

  /** This process appended: tell the others (coalesced, see above). */
  announce(): void {
    if (this.closed) return;
    this.announcePending = true;
    // The loop always reaches an await first, so the promise is stored before its finally clears it.
    this.announcing ??= this.sendAnnouncements();
  }

  private async sendAnnouncements(): Promise<void> {
    try {
      while (this.announcePending && !this.closed) {
        this.announcePending = false;
        await this.notify().catch(() => undefined);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => this.endPause?.(), ANNOUNCE_INTERVAL_MS);
          this.endPause = () => {
            clearTimeout(timer);
            this.endPause = null;
            resolve();
          };
        });
      }
    } finally {
      // In the same turn as the last check of announcePending: no announcement can slip in between.
      this.announcing = null;
    }
  }

  start(): void {
    if (!this.client && !this.connecting && !this.retryTimer && !this.closed) {
      this.connecting = this.connect().finally(() => (this.connecting = null));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.endPause?.();
    await this.announcing;
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
