import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

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

  /** builtin: users and argon2id hashes in PostgreSQL, POST /auth/login; oidc: tokens of an external issuer. */
  @IsIn(['builtin', 'oidc'])
  AUTH_MODE: 'builtin' | 'oidc' = 'builtin';

  /** HS256 key for builtin tokens; absent: a random key generated on first start and kept in the database. */
  @IsOptional()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  /** Lifetime of a builtin access token. */
  @IsInt()
  @Min(30)
  @Max(86400)
  AUTH_TOKEN_TTL_SECONDS = 900;

  /** How long a user's status (locked, role) may be cached per process before a token is checked again. */
  @IsInt()
  @Min(0)
  @Max(60000)
  AUTH_USER_CACHE_MS = 2000;

  /** Login name of the admin created on first start (builtin mode, no users yet). */
  @Matches(/^[\w.@-]{1,128}$/, { message: 'BOOTSTRAP_ADMIN_USERNAME must be 1-128 word characters' })
  BOOTSTRAP_ADMIN_USERNAME = 'admin';

  /** The bootstrap admin's password (automation); absent: a one-time password printed once to stdout. */
  @IsOptional()
  @MinLength(12, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** Login attempts allowed per client address and user name within LOGIN_RATE_WINDOW_SECONDS. */
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  @IsInt()
  @Min(1)
  LOGIN_RATE_WINDOW_SECONDS = 60;

  /** Failed sign-ins per client address, whatever the user name (password spraying), within LOGIN_RATE_WINDOW_SECONDS. */
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_RATE_LIMIT = 30;

  /** Failed password checks per account (sign-in, signature, current password), from any address, within the window below. */
  @IsInt()
  @Min(1)
  PASSWORD_ATTEMPT_LIMIT = 5;

  @IsInt()
  @Min(1)
  PASSWORD_ATTEMPT_WINDOW_SECONDS = 300;

  /** Consecutive failed password checks that lock the account (UserLocked); 0: never. */
  @IsInt()
  @Min(0)
  AUTH_LOCKOUT_ATTEMPTS = 10;

  /** argon2 hashes computed at once; absent: twice the CPU cores. */
  @IsOptional()
  @IsInt()
  @Min(1)
  PASSWORD_HASH_CONCURRENCY?: number;

  /** Hashes waiting for a slot; beyond: 503 server_busy with Retry-After. */
  @IsInt()
  @Min(0)
  PASSWORD_HASH_QUEUE = 100;

  /** oidc: the issuer URL (its tokens' `iss`); its JWKS is found through discovery unless OIDC_JWKS_URI is set. */
  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'oidc' || c.OIDC_ISSUER !== undefined)
  @IsDefined({ message: 'OIDC_ISSUER is required when AUTH_MODE=oidc' })
  @IsUrl({ require_tld: false, require_protocol: true })
  OIDC_ISSUER?: string;

  /** oidc: the `aud` tokens must carry. */
  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'oidc')
  @IsDefined({ message: 'OIDC_AUDIENCE is required when AUTH_MODE=oidc' })
  @IsString()
  OIDC_AUDIENCE?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  OIDC_JWKS_URI?: string;

  /** oidc: the claim holding the user's roles (a dotted path such as realm_access.roles works). */
  @IsString()
  OIDC_ROLES_CLAIM = 'roles';

  /** oidc: a signature's fresh token must have authenticated (auth_time) at most this long ago. */
  @IsInt()
  @Min(10)
  @Max(3600)
  OIDC_SIGNATURE_MAX_AGE_SECONDS = 300;

  /** oidc: the web app's client id at the issuer (a public client with PKCE, redirect URI <app>/auth/callback). */
  @IsOptional()
  @IsString()
  OIDC_WEB_CLIENT_ID?: string;

  /** oidc: the scopes the web app asks for; its access token must carry OIDC_AUDIENCE and the roles claim. */
  @IsString()
  OIDC_WEB_SCOPES = 'openid profile';

  /** Browser origins allowed to call the API (comma-separated); absent: no cross-origin access. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** A static bearer token a Prometheus scraper may send to GET /metrics (admins' tokens work too). */
  @IsOptional()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  METRICS_TOKEN?: string;

  /** An SMTP server for notification mail (smtp:// or smtps://, credentials in the URL); absent: no mail is sent. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of notification mail (an address, optionally with a display name); its domain ends each Message-ID. */
  @Matches(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+>?$/, { message: 'SMTP_FROM must be an e-mail address, optionally as "Name <address>"' })
  SMTP_FROM = 'MedTech Pipeline <notifications@localhost>';

  /** Evidence documents in a directory (content-addressed files); absent: in the database itself, in chunks. */
  @IsOptional()
  @IsString()
  DOCUMENT_STORE?: string;

  /** The largest document accepted, in bytes (default 50 MB); a larger upload is refused with 413 while streaming. */
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_BYTES = 50_000_000;

  /** An upload staged but untouched this long is a leftover (a process killed mid-upload) and is removed. */
  @IsInt()
  @Min(0)
  DOCUMENT_STAGING_GRACE_SECONDS = 120;

  get corsOrigins(): string[] {
    return (this.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  }

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

// Settings without a default are not keys of `new AppConfig()`, so they are named here.
const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'EVENTSTORE_URL',
  'DEMO_DATA',
  'RUN_PROJECTIONS',
  'AUTH_JWT_SECRET',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URI',
  'OIDC_WEB_CLIENT_ID',
  'CORS_ORIGINS',
  'METRICS_TOKEN',
  'PASSWORD_HASH_CONCURRENCY',
  'SMTP_URL',
  'DOCUMENT_STORE',
];
const NUMERIC_KEYS = [
  'PORT',
  'DB_POOL_SIZE',
  'AUTH_TOKEN_TTL_SECONDS',
  'AUTH_USER_CACHE_MS',
  'LOGIN_RATE_LIMIT',
  'LOGIN_RATE_WINDOW_SECONDS',
  'LOGIN_ADDRESS_RATE_LIMIT',
  'PASSWORD_ATTEMPT_LIMIT',
  'PASSWORD_ATTEMPT_WINDOW_SECONDS',
  'AUTH_LOCKOUT_ATTEMPTS',
  'PASSWORD_HASH_CONCURRENCY',
  'PASSWORD_HASH_QUEUE',
  'OIDC_SIGNATURE_MAX_AGE_SECONDS',
  'DOCUMENT_MAX_BYTES',
  'DOCUMENT_STAGING_GRACE_SECONDS',
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new AppConfig())) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const key of OPTIONAL_KEYS) if (env[key]) raw[key] = env[key];
  for (const key of NUMERIC_KEYS) if (raw[key] !== undefined) raw[key] = toNumber(raw[key]);
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
