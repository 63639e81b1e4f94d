export * from './template.model';
export * from './template.evidence';
export * from './template.gates';
export * from './template.validation';
export * from './approval-rule';
export * from './builtin';
export * from './template-library.decider';
export * from './template-go';
