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

  it('takes an EventStoreDB connection string for the events, and nothing else', () => {
    expect(loadConfig({}).EVENTSTORE_URL).toBeUndefined();
    expect(loadConfig({ EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' }).EVENTSTORE_URL).toBe(
      'esdb://127.0.0.1:2113?tls=false',
    );
    const cluster = 'esdb+discover://admin:changeit@cluster.local:2113?nodePreference=leader';
    expect(loadConfig({ EVENTSTORE_URL: cluster }).EVENTSTORE_URL).toBe(cluster);
    for (const bad of ['http://127.0.0.1:2113', 'tcp://127.0.0.1:1113', 'esdb://']) {
      expect(() => loadConfig({ EVENTSTORE_URL: bad })).toThrow(/EVENTSTORE_URL must be an esdb:\/\/ or esdb\+discover:\/\//);
    }
  });

  it('limits password guessing by default, and takes lower limits', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ LOGIN_ADDRESS_RATE_LIMIT: 30, PASSWORD_ATTEMPT_LIMIT: 5, PASSWORD_ATTEMPT_WINDOW_SECONDS: 300, AUTH_LOCKOUT_ATTEMPTS: 10, PASSWORD_HASH_QUEUE: 100 });
    expect(config.PASSWORD_HASH_CONCURRENCY).toBeUndefined();
    expect(loadConfig({ AUTH_LOCKOUT_ATTEMPTS: '0', PASSWORD_HASH_CONCURRENCY: '2' })).toMatchObject({ AUTH_LOCKOUT_ATTEMPTS: 0, PASSWORD_HASH_CONCURRENCY: 2 });
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: '0' })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
  });

  it('sends notification mail only with an smtp:// or smtps:// SMTP_URL, from an address', () => {
    expect(loadConfig({})).toMatchObject({ SMTP_URL: undefined, SMTP_FROM: 'MedTech Pipeline <notifications@localhost>' });
    expect(loadConfig({ SMTP_URL: 'smtps://user:pass@mail.example.org:465', SMTP_FROM: 'office@example.org' })).toMatchObject({ SMTP_URL: 'smtps://user:pass@mail.example.org:465', SMTP_FROM: 'office@example.org' });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\//);
    expect(() => loadConfig({ SMTP_FROM: 'nobody' })).toThrow(/SMTP_FROM/);
    expect(() => loadConfig({ SMTP_FROM: 'Evil\r\nBcc: x@y.z <a@b.c>' })).toThrow(/SMTP_FROM/);
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
