export * from './access.decorators';
export * from './principal';
