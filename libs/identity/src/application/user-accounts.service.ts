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

  async execute(command: UserCommand, options: { requestId?: string; passwordHash?: string } = {}): Promise<UserCommandResult> {
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
          actor: command.metadata.actor,
          ...(typeof reason === 'string' ? { reason } : {}),
          correlationId: requestId,
          causationId: requestId,
        },
      };
    });
    try {
      const result = await this.store.append(streamId, envelopes, { expectedRevision: state.revision < 0 ? 'no_stream' : state.revision });
      const next = events.reduce(evolveUser, state);
      await this.directory.save(next, options.passwordHash);
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
}
