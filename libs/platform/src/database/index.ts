export * from './sql-database';
export * from './postgres-database';
export * from './pglite-database';
export * from './open-database';
export * from './migrator';
export * from './database.module';
export * from './typeorm-driver';
