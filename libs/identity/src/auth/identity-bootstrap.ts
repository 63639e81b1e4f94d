import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig, ProblemError, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { UserAccounts } from '../application/user-accounts.service';
import { migrateIdentity } from '../identity.migrations';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';
import { UserDirectory } from './user-directory';

export const SYSTEM_ACTOR = { id: 'system', name: 'System (first start)', role: 'admin' as const };

/** Before the first request: the auth tables, the signing key, and on a store without users a bootstrap admin. */
@Injectable()
export class IdentityBootstrap implements OnModuleInit {
  private readonly logger = new Logger('Identity');
  private readonly adminPassword: string;
  /** The bootstrap admin's password hash, begun when the database opens on a store without users; else undefined. */
  private readonly adminPasswordHash?: Promise<string | undefined>;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly users: UserDirectory,
    private readonly accounts: UserAccounts,
    private readonly hasher: PasswordHasher,
  ) {
    this.adminPassword = config.BOOTSTRAP_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
    // Awaited in onModuleInit, the admin's hash (argon2, on libuv's pool) was a sixth of a first start: on a store
    // without users it is begun here, as soon as the database is open, and made while the rest of the application
    // is. Not earlier: freeing argon2's 19 MiB block raises glibc's mmap threshold, and PGlite's start then kept some
    // 35 MiB more resident. Counted before the migrations: a store whose users cannot be counted yet (no table) gets
    // its hash in onModuleInit, as does one whose count changes meanwhile.
    if (config.AUTH_MODE === 'builtin') {
      this.adminPasswordHash = users.count().then(
        (count) => (count === 0 ? hasher.hash(this.adminPassword) : undefined),
        () => undefined,
      );
      // Awaited, and a failure reported, where the admin is created; unused otherwise.
      this.adminPasswordHash.catch(() => undefined);
    }
  }

  async onModuleInit(): Promise<void> {
    await migrateIdentity(this.db);
    await this.tokens.init();
    if (this.config.AUTH_MODE === 'builtin' && (await this.users.count()) === 0) await this.createBootstrapAdmin();
  }

  private async createBootstrapAdmin(): Promise<void> {
    const username = this.config.BOOTSTRAP_ADMIN_USERNAME;
    const given = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    const password = this.adminPassword;
    const passwordHash = (await this.adminPasswordHash) ?? (await this.hasher.hash(password));
    try {
      await this.accounts.execute(
        {
          type: 'CreateUser',
          data: { username, personId: username, name: 'Administrator', role: 'admin', mustChangePassword: !given },
          metadata: { actor: SYSTEM_ACTOR, account: SYSTEM_ACTOR.id },
        },
        { passwordHash },
      );
    } catch (error) {
      // Another process starting at the same moment created it first.
      if (error instanceof ProblemError && error.problem.code === 'concurrent_change') return;
      throw error;
    }
    this.logger.log(`Bootstrap admin "${username}" created`);
    // A configured password is meant for automation (CI, a scripted install), so it is not a one-time password:
    // whoever set it knows it already. Say so once, so nobody takes it for a first-sign-in password.
    if (given) {
      this.logger.warn(
        `Bootstrap admin "${username}" has the password of BOOTSTRAP_ADMIN_PASSWORD and is not asked to change it: ` +
          'change it with POST /auth/password, and unset the variable, unless automation needs it.',
      );
    }
    // Printed once, to stdout only (never to the log): the password is not stored anywhere but as a hash.
    if (!given) {
      process.stdout.write(
        `\nBootstrap admin created. User name: ${username}  One-time password: ${password}\n` +
          'Sign in with POST /auth/login and choose a new password with POST /auth/password; this is not shown again.\n\n',
      );
    }
  }
}
