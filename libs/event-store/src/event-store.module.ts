import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { migrateEventStore } from './event-store.migrations';
import { connectEventStoreDb } from './eventstoredb';
import { EVENT_STORE } from './event-store.port';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres-event-store';

@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close?.();
  }
}

/**
 * Provides EVENT_STORE: EventStoreDB when EVENTSTORE_URL is set, otherwise the process's SQL database,
 * its schema migrated before first use (migrated either way: the SQL side keeps read models and checkpoints).
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [SQL_DATABASE, { token: AppConfig, optional: true }],
      useFactory: async (db: SqlDatabase, config?: AppConfig) => {
        await migrateEventStore(db);
        if (config?.EVENTSTORE_URL) return connectEventStoreDb(config.EVENTSTORE_URL);
        return new PostgresEventStore(db);
      },
    },
    EventStoreCloser,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {}
