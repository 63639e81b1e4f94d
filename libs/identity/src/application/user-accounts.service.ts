import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, WrongExpectedRevisionError } from '@app/event-store';
import type { EventStore, NewEvent } from '@app/event-store';
import { problem, ProblemError } from '@app/platform';
import {
  decideUser,
  evolveUser,
  initialUserState,
  USER_EVENT_SCHEMA_VERSION,
  UserCommand,
  UserDomainError,
  UserEvent,
  userStreamId,
  UserState,
} from '../domain';
import { UserDirectory } from '../auth/user-directory';

export interface UserCommandResult {
  username: string;
  revision: number;
  events: { eventId: string; type: string; revision: number }[];
  state: UserState;
}

/** Runs a user command: read the user's stream, decide, append, then bring the users table up to the new state. */
@Injectable()
export class UserAccounts {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: UserDirectory,
  ) {}

  async state(username: string): Promise<UserState> {
    const history = await this.store.readStream(userStreamId(username));
    return history.reduce((s, e) => evolveUser(s, { type: e.type, data: e.data } as UserEvent), initialUserState());
  }

  /**
   * `retries`: decide again on the newer state when the stream moved meanwhile, so often (for what the system records
   * itself, such as failed signatures and lock-outs); otherwise 409 concurrent_change.
   */
  async execute(command: UserCommand, options: { requestId?: string; passwordHash?: string; retries?: number } = {}): Promise<UserCommandResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.executeOnce(command, options);
      } catch (error) {
        const moved = error instanceof ProblemError && error.problem.code === 'concurrent_change';
        if (!moved || attempt >= (options.retries ?? 0)) throw error;
      }
    }
  }

  private async executeOnce(command: UserCommand, options: { requestId?: string; passwordHash?: string }): Promise<UserCommandResult> {
    if (command.type === 'CreateUser') await this.checkPersonName(command.data.personId, command.data.name);
    const streamId = userStreamId(command.data.username);
    const state = await this.state(command.data.username);
    const events = decideUser(command, state);
    const requestId = options.requestId || randomUUID();
    const now = new Date().toISOString();
    const envelopes: NewEvent[] = events.map((e) => {
      const reason = (e.data as { reason?: unknown }).reason;
      return {
        eventId: randomUUID(),
        type: e.type,
        schemaVersion: USER_EVENT_SCHEMA_VERSION[e.type],
        data: e.data,
        metadata: {
          occurredAt: now,
          // The person and, beside it, the account that acted (accounts of one person share its id).
          actor: { ...command.metadata.actor, account: command.metadata.account },
          ...(typeof reason === 'string' ? { reason } : {}),
          correlationId: requestId,
          causationId: requestId,
        },
      };
    });
    try {
      const result = await this.store.append(streamId, envelopes, { expectedRevision: state.revision < 0 ? 'no_stream' : state.revision });
      const next = events.reduce(evolveUser, state);
      const types = new Set(events.map((e) => e.type));
      // A new password or a lock ends every token issued before; a new password or an unlock restarts the failure count.
      if (next.username) {
        await this.directory.save(next, {
          passwordHash: options.passwordHash,
          revokeTokens: types.has('UserPasswordChanged') || types.has('UserLocked'),
          clearFailures: types.has('UserPasswordChanged') || types.has('UserUnlocked'),
        });
      }
      return {
        username: command.data.username,
        revision: result.nextExpectedRevision,
        events: result.events.map((e) => ({ eventId: e.eventId, type: e.type, revision: e.revision })),
        state: next,
      };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        throw new ProblemError(problem(409, 'concurrent_change', 'Changed meanwhile', { detail: 'The account changed meanwhile; retry.' }));
      }
      throw error;
    }
  }

  // Accounts of one person carry one name: the record must not show one person under two names.
  private async checkPersonName(personId: string, name: string): Promise<void> {
    const other = (await this.directory.findByPerson(personId)).find((u) => u.name !== name);
    if (other) {
      throw new UserDomainError('person_name_mismatch', `Person ${personId} is ${other.name} (account ${other.username}); their accounts share that name.`, {
        personId,
        name: other.name,
      });
    }
  }
}
