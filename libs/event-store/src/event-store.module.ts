import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { migrateEventStore } from './event-store.migrations';
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

/** Provides EVENT_STORE on the process's database, its schema migrated before first use. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [SQL_DATABASE],
      useFactory: async (db: SqlDatabase) => {
        await migrateEventStore(db);
        return new PostgresEventStore(db);
      },
    },
    EventStoreCloser,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {}
