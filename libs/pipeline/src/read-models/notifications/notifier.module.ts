import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { PoolClient } from 'pg';
import { Gauge } from 'prom-client';
import { AppConfig, MetricsRegistry, PostgresDatabase, ReadinessChecks, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { enqueueMail, mailBacklog, MailSender, releaseStaleClaims } from './mail-outbox';
import { enqueueWebhooks, webhookBacklog, WebhookSender } from './webhooks';
import { CLOCK, ReminderScheduler, systemClock } from './reminder-scheduler';
import type { Clock } from './reminder-scheduler';

const NOTIFIER_RUN = Symbol('NOTIFIER_RUN');

/**
 * The SMTP connection: one pooled connection reused for up to 100 messages (a new one per message costs a
 * handshake each), timeouts so an unreachable server only delays its own messages.
 */
export function mailTransportOptions(url: string) {
  return { url, pool: true, maxConnections: 1, maxMessages: 100, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
}
export const REMINDER_INTERVAL_MS = 60_000;
export const MAIL_INTERVAL_MS = 5_000;
// The session advisory lock the active notifier holds on the server (one active instance, like a projection).
const NOTIFIER_LOCK = [16, 1] as const;

/** A timer that runs `work` now and then every `ms`, never two at once; stop waits for the pass in flight. */
class Loop {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly ms: number,
  ) {}

  start(): void {
    const tick = () => {
      if (this.busy) return;
      this.busy = true;
      this.pass = this.work().finally(() => (this.busy = false));
    };
    tick();
    this.timer = setInterval(tick, this.ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
  }
}

/**
 * Starts the time-based work of notifications where the projections run (reminders, webhooks; mail with SMTP_URL).
 *
 * One notifier is active at a time: on the server the one holding a session advisory lock (the others stand by and
 * take over when its connection ends, e.g. when its process is killed); embedded, the API. Becoming active, it hands
 * back every claim on unsent mail and webhooks (releaseStaleClaims): a claim it finds was left by a notifier that died
 * between claiming a message and recording it sent, so that message goes out again at once with the same id. Losing
 * the lock stops the senders before their next message.
 */
@Injectable()
export class Notifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifier');
  readonly reminders: ReminderScheduler;
  readonly mail: MailSender | null;
  readonly webhooks: WebhookSender;
  private readonly loops: Loop[] = [];
  private active = false;
  private lockClient: PoolClient | null = null;
  private leading: Promise<boolean> | null = null;
  private readonly transport: ReturnType<typeof createTransport> | null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFIER_RUN) private readonly run: boolean,
    config: AppConfig,
    @Optional() private readonly readiness?: ReadinessChecks,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {
    this.reminders = new ReminderScheduler(db, clock);
    const mayContinue = () => this.active;
    this.webhooks = new WebhookSender(db, clock, { mayContinue });
    this.transport = config.SMTP_URL ? createTransport(mailTransportOptions(config.SMTP_URL)) : null;
    this.mail = this.transport ? new MailSender(db, this.transport, config.SMTP_FROM, clock, { mayContinue }) : null;
  }

  /** Whether this process is the active notifier (it sends). */
  isActive(): boolean {
    return this.active;
  }

  onApplicationBootstrap(): void {
    // The backlog is the database's: every process reports it (the API's /health/ready and /metrics on the server).
    this.readiness?.register('notifications', () => this.backlog());
    if (this.metrics) this.registerMetrics(this.metrics);
    if (!this.run) return;
    const led = (work: () => Promise<void>) => async () => {
      if (await this.lead()) await work();
    };
    this.loops.push(
      new Loop(
        led(async () => {
          const made = await this.reminders.runOnce().catch((error: unknown) => this.warn('Deadline reminders', error));
          if (made) this.logger.log(`${made} deadline reminder(s) made`);
        }),
        REMINDER_INTERVAL_MS,
      ),
    );
    this.loops.push(
      new Loop(
        led(async () => {
          await enqueueWebhooks(this.db, this.clock).catch((error: unknown) => this.warn('Queueing webhooks', error));
          await this.webhooks.runOnce().catch((error: unknown) => this.warn('Delivering webhooks', error));
        }),
        MAIL_INTERVAL_MS,
      ),
    );
    const mail = this.mail;
    if (mail) {
      this.loops.push(
        new Loop(
          led(async () => {
            await enqueueMail(this.db, this.clock).catch((error: unknown) => this.warn('Queueing mail', error));
            await mail.runOnce().catch((error: unknown) => this.warn('Sending mail', error));
          }),
          MAIL_INTERVAL_MS,
        ),
      );
    }
    for (const loop of this.loops) loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.mail?.stop();
    this.webhooks.stop();
    await Promise.all(this.loops.map((l) => l.stop()));
    this.transport?.close();
    this.active = false;
    // Releasing as broken closes the connection, which drops the session lock.
    this.lockClient?.release(true);
    this.lockClient = null;
  }

  /** What waits to be sent, for readiness (always up: an unreachable server or receiver blocks nothing). */
  async backlog(): Promise<Record<string, unknown>> {
    const [mail, webhooks] = await Promise.all([mailBacklog(this.db), webhookBacklog(this.db)]);
    return { sending: this.run ? (this.active ? 'active' : 'standby') : 'elsewhere', mailConfigured: this.mail !== null, mail, webhooks };
  }

  // Every caller of one moment shares one attempt, so the claims are handed back once, before any loop sends.
  private lead(): Promise<boolean> {
    this.leading ??= this.tryLead().finally(() => (this.leading = null));
    return this.leading;
  }

  private async tryLead(): Promise<boolean> {
    try {
      if (this.db instanceof PostgresDatabase) {
        if (!this.lockClient) {
          const client = await this.db.pool.connect();
          client.on('error', () => this.lockLost('lock connection failed'));
          this.lockClient = client;
        }
        if (this.active) {
          // A lost lock connection means another process may take over: stop sending at once.
          await this.lockClient.query('SELECT 1');
          return true;
        }
        const { rows } = await this.lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...NOTIFIER_LOCK]);
        if (!rows[0].ok) return false;
      } else if (this.active) {
        return true;
      }
      const released = await releaseStaleClaims(this.db);
      this.active = true;
      this.logger.log(
        released.mail + released.webhooks > 0
          ? `Active notifier; ${released.mail} mail and ${released.webhooks} webhook deliveries claimed by a notifier that stopped go out again with their ids`
          : 'Active notifier',
      );
      return true;
    } catch (error) {
      this.lockLost(error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  private lockLost(why: string): void {
    if (this.active) this.logger.warn(`Notifier lock lost (${why}): standing by`);
    this.active = false;
    this.lockClient?.release(true);
    this.lockClient = null;
  }

  private registerMetrics(registry: MetricsRegistry): void {
    let cached: { at: number; backlog: Promise<{ mail: Awaited<ReturnType<typeof mailBacklog>>; webhooks: Awaited<ReturnType<typeof webhookBacklog>> }> } | null = null;
    const backlog = () => {
      if (!cached || Date.now() - cached.at > 500) {
        cached = { at: Date.now(), backlog: Promise.all([mailBacklog(this.db), webhookBacklog(this.db)]).then(([mail, webhooks]) => ({ mail, webhooks })) };
      }
      return cached.backlog;
    };
    const gauge = (name: string, help: string, value: (b: Awaited<ReturnType<typeof mailBacklog>>) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['channel'],
        registers: [registry],
        async collect() {
          const b = await backlog();
          this.set({ channel: 'mail' }, value(b.mail));
          this.set({ channel: 'webhook' }, value(b.webhooks));
        },
      });
    gauge('notification_backlog', 'Mails and webhook deliveries waiting to be sent (or retried)', (b) => b.pending);
    gauge('notification_backlog_failing', 'Of the waiting ones, those whose last attempt failed', (b) => b.failing);
    gauge('notification_given_up', 'Webhook deliveries no longer retried (attempts exhausted)', (b) => b.givenUp);
    gauge('notification_oldest_waiting_seconds', 'Age of the oldest waiting message (0 when none waits)', (b) =>
      b.oldestSince ? Math.max(0, (Date.now() - Date.parse(b.oldestSince)) / 1000) : 0,
    );
  }

  private warn(what: string, error: unknown): 0 {
    this.logger.warn(`${what} failed (tried again on the next pass): ${String(error)}`);
    return 0;
  }
}

/**
 * Deadline reminders and, with SMTP_URL, mail: in the projector on the server, in the API on the embedded default
 * (RUN_PROJECTIONS decides, as for projections). `run` overrides it (the projector passes true).
 */
@Module({})
export class NotifierModule {
  static forRoot(options: { run?: boolean } = {}): DynamicModule {
    return {
      module: NotifierModule,
      providers: [
        { provide: CLOCK, useValue: systemClock },
        { provide: NOTIFIER_RUN, inject: [AppConfig], useFactory: (config: AppConfig) => options.run ?? config.runProjections },
        Notifier,
      ],
      exports: [Notifier],
    };
  }
}
