// The shapes every area builds on: commands and events as plain `{ type, data }` objects, and tracked records.
import type { Actor, ImportSource } from './values';

export interface CommandMetadata {
  actor: Actor;
  /** Server clock, ISO instant, supplied by the handler. */
  now: string;
  /** Set only by a portfolio import (an admin): the file and row the command comes from. */
  imported?: ImportSource;
}

export type Command<Type extends string, Data> = { type: Type; data: Data; metadata: CommandMetadata };

// Domain data only: the handler wraps each event in the envelope (ids, actor, recordedAt, occurredAt, reason...).
export type Event<Type extends string, Data> = { type: Type; data: Data };

// Every command and event names its project; record-creating ones carry the new record's id (ids come from outside).
export interface OnProject {
  projectId: string;
}

// Every record keeps the revision that created it (recycles discount older evidence) and a retraction flag.
export interface Tracked {
  revision: number;
  retracted: boolean;
}
