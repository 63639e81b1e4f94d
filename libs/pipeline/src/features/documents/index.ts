export * from './documents.migrations';
export * from './document-store';
export * from './documents.service';
export * from './media-type';
