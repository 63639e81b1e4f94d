export * from './portfolio-file';
export * from './portfolio-plan';
export * from './portfolio-import';
export * from './portfolio-template';
