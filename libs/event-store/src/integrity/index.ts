export * from './verify-event-store';
export * from './integrity.http.controller';
