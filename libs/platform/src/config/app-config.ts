import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** Every setting the service reads, from the environment, validated at start-up. See README "Configuration". */
export class AppConfig {
  /** A PostgreSQL server; absent: the embedded PGlite in DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** An EventStoreDB/KurrentDB server for the events; absent: events in the SQL database (read models stay there). */
  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/.+/, {
    message: 'EVENTSTORE_URL must be an esdb:// or esdb+discover:// connection string',
  })
  EVENTSTORE_URL?: string;

  @IsString()
  DATA_DIR = '.data/pglite';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /** Largest accepted request body, as understood by body-parser ("100kb", "1mb"). */
  @Matches(/^\d+(b|kb|mb)$/, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '100kb';

  /** Seed the demo pipeline when the event store is empty. Defaults to on for the embedded database only. */
  @IsOptional()
  @IsBoolean()
  DEMO_DATA?: boolean;

  /** Run the projection runner inside this process. Defaults to on for the embedded database only. */
  @IsOptional()
  @IsBoolean()
  RUN_PROJECTIONS?: boolean;

  get embedded(): boolean {
    return !this.DATABASE_URL;
  }

  get seedDemoData(): boolean {
    return this.DEMO_DATA ?? this.embedded;
  }

  get runProjections(): boolean {
    return this.RUN_PROJECTIONS ?? this.embedded;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new AppConfig())) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const key of ['DATABASE_URL', 'EVENTSTORE_URL', 'DEMO_DATA', 'RUN_PROJECTIONS']) if (env[key]) raw[key] = env[key];
  for (const key of ['PORT', 'DB_POOL_SIZE'] as const) if (raw[key] !== undefined) raw[key] = toNumber(raw[key]);
  for (const key of ['DEMO_DATA', 'RUN_PROJECTIONS']) {
    const value = raw[key];
    if (typeof value === 'string') raw[key] = BOOLEAN_WORDS[value.toLowerCase()] ?? value;
  }

  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length) {
    throw new ConfigError(
      errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map((m) => `${m} (got ${JSON.stringify(e.value)})`),
      ),
    );
  }
  return config;
}

function toNumber(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
}
