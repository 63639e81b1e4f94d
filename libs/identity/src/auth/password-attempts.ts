import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, problem, ProblemError } from '@app/platform';
import { UserAccounts } from '../application/user-accounts.service';
import { UserDomainError } from '../domain';
import { UserDirectory } from './user-directory';

// Who locks an account after too many failures: no admin, so the record says so. `(system)` is no user name, so it
// is never the locked account itself.
export const LOCKOUT_ACTOR = { id: 'system', name: 'System (lock-out)', role: 'admin' as const };
const LOCKOUT_ACCOUNT = '(system)';
const KEYS_KEPT = 10_000;

/** One password check under way: say how it went, so its place in the windows is kept or given back. */
export interface PasswordAttempt {
  /** The password was right: the attempt leaves the windows and the run of failures ends. */
  succeeded(): Promise<void>;
  /** Wrong: the attempt stays in the windows and counts towards the lock-out; `locked` when this one locked it. */
  failed(): Promise<{ locked: boolean; failures: number }>;
  /** Not decided (server busy, locked account): the attempt leaves the windows, nothing is counted. */
  abandoned(): void;
}

/**
 * Limits password guessing wherever a password is checked (sign-in, a signature, the current password):
 * - per account, from any address: PASSWORD_ATTEMPT_LIMIT failures within PASSWORD_ATTEMPT_WINDOW_SECONDS, then 429;
 * - sign-in per client address and user name: LOGIN_RATE_LIMIT attempts within LOGIN_RATE_WINDOW_SECONDS;
 * - sign-in per client address, whatever the name (spraying): LOGIN_ADDRESS_RATE_LIMIT failures in that window;
 * - AUTH_LOCKOUT_ATTEMPTS failures in a row lock the account (UserLocked, counted in the database, so across
 *   processes and restarts); a correct password, a new password or an unlock restart the count.
 * The windows are in this process's memory: behind several API replicas they apply per replica.
 * The checks of one account run one at a time, each after the last one's outcome is counted: concurrent guesses
 * cannot overrun the window, and concurrent right passwords (two signatures at once) both pass.
 */
@Injectable()
export class PasswordAttempts {
  private readonly logger = new Logger('PasswordAttempts');
  private readonly perAccount = new SlidingWindow();
  private readonly perAddressAndName = new SlidingWindow();
  private readonly perAddress = new SlidingWindow();
  private readonly turns = new Turns();

  constructor(
    private readonly config: AppConfig,
    private readonly users: UserDirectory,
    private readonly accounts: UserAccounts,
  ) {}

  /** A sign-in: 429 with Retry-After when one of its windows is full. */
  async signIn(address: string | undefined, username: string): Promise<PasswordAttempt> {
    const name = username.toLowerCase();
    const loginWindow = this.config.LOGIN_RATE_WINDOW_SECONDS * 1000;
    // A spraying address is refused before it waits for any account's turn.
    const byAddress = this.perAddress.take(address ?? '?', this.config.LOGIN_ADDRESS_RATE_LIMIT, loginWindow);
    const endTurn = await this.turns.wait(name);
    let byAddressAndName: Slot;
    let byAccount: Slot;
    try {
      byAddressAndName = this.perAddressAndName.take(`${address ?? '?'}|${name}`, this.config.LOGIN_RATE_LIMIT, loginWindow);
      try {
        byAccount = this.accountSlot(name);
      } catch (error) {
        byAddressAndName.release();
        throw error;
      }
    } catch (error) {
      byAddress.release();
      endTurn();
      throw error;
    }
    return this.attempt(username, endTurn, {
      // A successful sign-in clears its address and name; the other windows only give back this attempt's place.
      onSuccess: () => (byAddress.release(), byAddressAndName.clear(), byAccount.release()),
      onAbandon: () => (byAddress.release(), byAddressAndName.release(), byAccount.release()),
    });
  }

  /** A password check of a signed-in user (signature, current password): 429 with Retry-After when too many failed. */
  async reauthenticate(username: string): Promise<PasswordAttempt> {
    const name = username.toLowerCase();
    const endTurn = await this.turns.wait(name);
    let account: Slot;
    try {
      account = this.accountSlot(name);
    } catch (error) {
      endTurn();
      throw error;
    }
    return this.attempt(username, endTurn, { onSuccess: () => account.release(), onAbandon: () => account.release() });
  }

  private accountSlot(name: string): Slot {
    return this.perAccount.take(name, this.config.PASSWORD_ATTEMPT_LIMIT, this.config.PASSWORD_ATTEMPT_WINDOW_SECONDS * 1000);
  }

  // Whatever happens, the account's turn ends with the outcome.
  private attempt(username: string, endTurn: () => void, on: { onSuccess: () => void; onAbandon: () => void }): PasswordAttempt {
    return {
      succeeded: async () => {
        try {
          on.onSuccess();
          await this.users.clearFailures(username);
        } finally {
          endTurn();
        }
      },
      failed: async () => {
        try {
          const counted = await this.users.recordFailure(username);
          const limit = this.config.AUTH_LOCKOUT_ATTEMPTS;
          if (!counted || limit === 0 || counted.failures < limit || counted.status !== 'active') {
            return { locked: false, failures: counted?.failures ?? 0 };
          }
          return { locked: await this.lock(username, counted.failures), failures: counted.failures };
        } finally {
          endTurn();
        }
      },
      abandoned: () => {
        on.onAbandon();
        endTurn();
      },
    };
  }

  private async lock(username: string, failures: number): Promise<boolean> {
    try {
      await this.accounts.execute(
        {
          type: 'LockUser',
          data: { username, reason: `${failures} failed password attempts in a row` },
          metadata: { actor: LOCKOUT_ACTOR, account: LOCKOUT_ACCOUNT },
        },
        { retries: 3 },
      );
      this.logger.warn(`Account ${username} locked after ${failures} failed password attempts in a row`);
      return true;
    } catch (error) {
      // Locked meanwhile (another failing request, or an admin): locked all the same.
      if (error instanceof UserDomainError && error.code === 'user_already_locked') return true;
      throw error;
    }
  }
}

interface Slot {
  release(): void;
  clear(): void;
}

/** One at a time per key: wait() resolves when the key's earlier holders have ended their turn. */
class Turns {
  private readonly tails = new Map<string, Promise<void>>();

  async wait(key: string): Promise<() => void> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}

/** Instants of attempts per key within a sliding window. */
class SlidingWindow {
  private readonly attempts = new Map<string, number[]>();

  take(key: string, limit: number, windowMs: number): Slot {
    const now = Date.now();
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= limit) {
      this.attempts.set(key, recent);
      const retryAfter = Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000));
      throw new ProblemError(
        problem(429, 'too_many_attempts', 'Too many password attempts', { detail: `Retry in ${retryAfter} s.`, retryAfter }),
        { 'Retry-After': String(retryAfter) },
      );
    }
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > KEYS_KEPT) this.prune(now, windowMs);
    return {
      release: () => {
        const times = this.attempts.get(key);
        const at = times?.indexOf(now) ?? -1;
        if (times && at >= 0) times.splice(at, 1);
      },
      clear: () => this.attempts.delete(key),
    };
  }

  private prune(now: number, windowMs: number): void {
    for (const [key, times] of this.attempts) if (times.every((t) => now - t >= windowMs)) this.attempts.delete(key);
  }
}
