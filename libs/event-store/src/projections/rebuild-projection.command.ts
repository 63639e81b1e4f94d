import { Command } from '@nestjs/cqrs';
import type { RebuildProgress } from './projection';

/** Rebuild one projection (or 'all') from position 0 into new tables, then switch over. */
export class RebuildProjectionCommand extends Command<Record<string, RebuildProgress>> {
  constructor(
    readonly projection: string,
    /** Resolve only once the new tables are live (CLI); otherwise as soon as the rebuild has started. */
    readonly wait = false,
  ) {
    super();
  }
}
