export * from './problem';
export * from './database-errors';
export * from './problem-details.filter';
export * from './validation';
export * from './validation-decorators';
export * from './json-content-type.middleware';
export * from './client-errors';
export * from './json-body';
