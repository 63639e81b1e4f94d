import { Test } from '@nestjs/testing';
import { AppConfigModule, DatabaseModule, loadConfig } from '@app/platform';
import { createTestDatabase } from '@app/platform/testing';
import { EventStoreModule } from '../event-store.module';
import { EVENT_STORE } from '../event-store.port';
import { PostgresEventStore } from '../postgres-event-store';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// The client connects lazily, so selecting EventStoreDB needs no server.
describe('EventStoreModule', () => {
  it.each([
    ['EventStoreDB when EVENTSTORE_URL is set', { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' }, EventStoreDbEventStore],
    ['the SQL database otherwise', {}, PostgresEventStore],
  ] as const)('provides %s', async (_, env, kind) => {
    const t = await createTestDatabase('pglite');
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [AppConfigModule.forRoot(loadConfig(env)), DatabaseModule.forDatabase(t.db), EventStoreModule],
      }).compile();
      expect(moduleRef.get(EVENT_STORE)).toBeInstanceOf(kind);
      await moduleRef.close();
    } finally {
      await t.drop();
    }
  }, 60_000);
});
