import { redactSecrets } from './app.module';

describe('request log', () => {
  it('never writes a calendar feed’s secret', () => {
    expect(redactSecrets('/calendar/AbC_-123456789012345678901234567890123456789.ics')).toBe('/calendar/[secret]');
    expect(redactSecrets('/calendar/s3cret.ics?x=1')).toBe('/calendar/[secret]?x=1');
    expect(redactSecrets('/projects/1/deadlines')).toBe('/projects/1/deadlines');
  });
});
