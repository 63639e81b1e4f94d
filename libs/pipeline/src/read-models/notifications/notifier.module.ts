import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { CLOCK, ReminderScheduler, systemClock } from './reminder-scheduler';
import type { Clock } from './reminder-scheduler';

const NOTIFIER_RUN = Symbol('NOTIFIER_RUN');
export const REMINDER_INTERVAL_MS = 60_000;

/** Starts the time-based work of notifications where the projections run, and stops it on shutdown. */
@Injectable()
export class Notifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifier');
  readonly reminders: ReminderScheduler;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SQL_DATABASE) db: SqlDatabase,
    @Inject(CLOCK) clock: Clock,
    @Inject(NOTIFIER_RUN) private readonly run: boolean,
  ) {
    this.reminders = new ReminderScheduler(db, clock);
  }

  onApplicationBootstrap(): void {
    if (!this.run) return;
    const tick = () => {
      this.pass = this.reminders.runOnce().then(
        (made) => void (made > 0 && this.logger.log(`${made} deadline reminder(s) made`)),
        (error: unknown) => this.logger.warn(`Deadline reminders failed (next pass in ${REMINDER_INTERVAL_MS / 1000} s): ${String(error)}`),
      );
    };
    tick();
    this.timer = setInterval(tick, REMINDER_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
  }
}

/**
 * Deadline reminders (and, with SMTP_URL, mail): in the projector on the server, in the API on the embedded default
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
