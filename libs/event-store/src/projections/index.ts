export * from './projection';
export * from './projection.migrations';
export * from './projection-lag';
export * from './projection-runner';
export * from './rebuild-projection.command';
export * from './rebuild-projection.handler';
export * from './projections.module';
