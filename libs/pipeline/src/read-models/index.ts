export * from './read-models.migrations';
export * from './read-model.projections';
export * from './read-models.module';
export * from './notifications/notifier.module';
export * from './notifications/reminder-scheduler';
export * from './notifications/mail-outbox';
export * from './notifications/webhooks';
export * from './pipeline-board/board-source';
