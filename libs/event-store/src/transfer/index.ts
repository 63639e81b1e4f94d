export * from './export-format';
export * from './export-store';
export * from './import-store';
export * from './json-members';
