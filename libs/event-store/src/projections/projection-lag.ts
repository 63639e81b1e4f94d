import { compareCheckpoints } from '../event-row.mapping';
import type { Checkpoint } from '../event-store.port';

/**
 * How far a reader at `checkpoint` is behind the store's `head`, in the store's positions: 0 once it has
 * the head; otherwise at least 1. Positions are dense on PostgreSQL (about one per event, less rolled-back
 * gaps) and log offsets on EventStoreDB, so the figure is events there and bytes here.
 */
export function lagBehind(checkpoint: Checkpoint | null, head: Checkpoint | null): number {
  if (!head) return 0;
  if (!checkpoint) return Math.max(1, head.globalPosition);
  if (compareCheckpoints(checkpoint, head) >= 0) return 0;
  return Math.max(1, head.globalPosition - checkpoint.globalPosition);
}
