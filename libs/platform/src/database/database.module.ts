import { mkdirSync } from 'node:fs';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config';
import { openDatabase } from './open-database';
import type { DatabaseSchema } from './pglite-database';
import type { SqlDatabase } from './sql-database';

export const SQL_DATABASE = Symbol('SQL_DATABASE');

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** Provides the one SqlDatabase of the process: the PostgreSQL server, or PGlite in DATA_DIR. */
@Global()
@Module({})
export class DatabaseModule {
  /** `schema`: what a new embedded database is migrated to before anything uses it (see PgliteDatabase.open). */
  static forRoot(config: AppConfig, options: { schema?: DatabaseSchema } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: SQL_DATABASE,
          useFactory: () => {
            if (config.embedded) mkdirSync(config.DATA_DIR, { recursive: true });
            return openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE, schema: options.schema });
          },
        },
        DatabaseCloser,
      ],
      exports: [SQL_DATABASE],
    };
  }

  /** For tests: an already open database (closed by whoever opened it). */
  static forDatabase(db: SqlDatabase): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: SQL_DATABASE, useValue: db }], exports: [SQL_DATABASE] };
  }
}
