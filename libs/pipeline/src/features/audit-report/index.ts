export * from './audit-report';
export * from './audit-report.html';
export * from './audit-report.pdf';
