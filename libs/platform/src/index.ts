export * from './auth';
export * from './config';
export * from './database';
export * from './health';
export * from './http';
export * from './metrics';
export * from './load-package';
