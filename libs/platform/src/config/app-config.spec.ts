import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded database with demo data', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.seedDemoData).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('.data/pglite');
  });

  it('uses the server when DATABASE_URL is set, without demo data unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', DEMO_DATA: 'yes' });
    expect(config.embedded).toBe(false);
    expect(config.seedDemoData).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).seedDemoData).toBe(false);
  });

  it('names every bad value at once', () => {
    const error = captureError(() => loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', DEMO_DATA: 'maybe' }));
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/DEMO_DATA/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
