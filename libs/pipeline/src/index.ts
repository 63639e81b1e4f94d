export * from './domain';
export * from './application';
export * from './pipeline.module';
export * from './read-models';
export * from './features/audit-report';
export * from './features/portfolio-import';
export * from './features/documents';
