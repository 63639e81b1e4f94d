export * from './request-context';
export * from './project-stream';
export * from './execute-project-command.command';
export * from './execute-project-command.handler';
export * from './domain-problem.mapper';
export * from './http-docs';
export * from './command-response';
export * from './project-id.param';
