import { Command } from '@nestjs/cqrs';
import type { ProjectCommand } from '../domain';
import type { RequestContext } from './request-context';

/** What a client learns when its command is recorded: enough to read its own write later. */
export interface CommandAccepted {
  projectId: string;
  /** The stream revision after the command: the project's new ETag. */
  revision: number;
  /** Global position of the last event written, for read-your-writes on projections. */
  globalPosition: number;
  events: { eventId: string; type: string; revision: number }[];
  /** True when an Idempotency-Key matched an earlier request: nothing new was written. */
  replayed: boolean;
}

type WithoutMetadata<C> = C extends ProjectCommand ? Omit<C, 'metadata'> : never;
export type ProjectCommandInput = WithoutMetadata<ProjectCommand>;

/** One bus command for every use case: the slice's controller builds the domain command. */
export class ExecuteProjectCommand extends Command<CommandAccepted> {
  constructor(
    readonly command: ProjectCommandInput,
    readonly context: RequestContext,
    /** When it happened in the world (a filing date, say); defaults to the server clock. */
    readonly occurredAt?: string,
  ) {
    super();
  }
}
