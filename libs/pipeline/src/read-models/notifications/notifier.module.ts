import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { AppConfig, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { enqueueMail, MailSender } from './mail-outbox';
import { enqueueWebhooks, WebhookSender } from './webhooks';
import { CLOCK, ReminderScheduler, systemClock } from './reminder-scheduler';
import type { Clock } from './reminder-scheduler';

const NOTIFIER_RUN = Symbol('NOTIFIER_RUN');
export const REMINDER_INTERVAL_MS = 60_000;
export const MAIL_INTERVAL_MS = 5_000;

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

/** Starts the time-based work of notifications where the projections run (reminders, webhooks; mail with SMTP_URL). */
@Injectable()
export class Notifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifier');
  readonly reminders: ReminderScheduler;
  readonly mail: MailSender | null;
  readonly webhooks: WebhookSender;
  private readonly loops: Loop[] = [];

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFIER_RUN) private readonly run: boolean,
    config: AppConfig,
  ) {
    this.reminders = new ReminderScheduler(db, clock);
    this.webhooks = new WebhookSender(db, clock);
    this.mail = config.SMTP_URL ? new MailSender(db, createTransport({ url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }), config.SMTP_FROM, clock) : null;
  }

  onApplicationBootstrap(): void {
    if (!this.run) return;
    this.loops.push(
      new Loop(async () => {
        const made = await this.reminders.runOnce().catch((error: unknown) => this.warn('Deadline reminders', error));
        if (made) this.logger.log(`${made} deadline reminder(s) made`);
      }, REMINDER_INTERVAL_MS),
    );
    this.loops.push(
      new Loop(async () => {
        await enqueueWebhooks(this.db, this.clock).catch((error: unknown) => this.warn('Queueing webhooks', error));
        await this.webhooks.runOnce().catch((error: unknown) => this.warn('Delivering webhooks', error));
      }, MAIL_INTERVAL_MS),
    );
    const mail = this.mail;
    if (mail) {
      this.loops.push(
        new Loop(async () => {
          await enqueueMail(this.db, this.clock).catch((error: unknown) => this.warn('Queueing mail', error));
          await mail.runOnce().catch((error: unknown) => this.warn('Sending mail', error));
        }, MAIL_INTERVAL_MS),
      );
    }
    for (const loop of this.loops) loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.mail?.stop();
    this.webhooks.stop();
    await Promise.all(this.loops.map((l) => l.stop()));
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
