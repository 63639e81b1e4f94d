export * from './event-store.port';
export * from './event-store.errors';
export * from './event-store.migrations';
export * from './event-row.mapping';
export * from './polling-subscription';
export * from './event-notifier';
export * from './postgres-event-store';
export * from './event-store.module';
