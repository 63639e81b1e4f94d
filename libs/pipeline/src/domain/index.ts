export * from './project.values';
export * from './project.commands';
export * from './project.events';
export * from './project.errors';
export * from './project.state';
export * from './project.decider';
export * from './project.deadlines';
export * from './project.documents';
