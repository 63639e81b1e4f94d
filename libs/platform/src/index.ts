export * from './config';
export * from './database';
export * from './health';
export * from './http';
