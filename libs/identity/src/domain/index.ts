export * from './user.values';
export * from './user.events';
export * from './user.commands';
export * from './user.errors';
export * from './user.decider';
