import type { SqlExecutor } from '@app/platform';
import type { Projection, RecordedEvent } from '@app/event-store';
import { projectEventsOf } from '../shared/project-events';

/** One row per stay of a project in a stage, with the events that began and ended it. */
export const stageTransitionsProjection: Projection = {
  name: 'stage_transitions',
  version: 1,
  tables: ['stage_transitions'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    for (const { projectId, event, domain } of projectEventsOf(events)) {
      // A stage is entered or left when the gate decision happened in the world (occurredAt):
      // the signing time for a live decision, the meeting's date for a decision recorded late.
      const at = event.metadata.occurredAt;
      switch (domain.type) {
        case 'ProjectProposed':
          await enter(tx, projectId, event, 'idea', at, 'proposed');
          break;
        case 'StageAdvanced':
        case 'ProjectRecycled': {
          const { toStage } = domain.data;
          const kind = domain.type === 'StageAdvanced' ? 'advanced' : 'recycled';
          // The open stay ends where the next begins.
          await tx.query(
            `UPDATE stage_transitions SET exited_at = $3, exited_event_id = $4, exited_to = $5, exit_kind = $6
              WHERE project_id = $1 AND entered_position < $2 AND exited_event_id IS NULL AND killed_event_id IS NULL`,
            [projectId, event.globalPosition, at, event.eventId, toStage, kind],
          );
          await enter(tx, projectId, event, toStage, at, domain.type === 'StageAdvanced' ? 'go' : 'recycle');
          break;
        }
        case 'ProjectKilled':
          await tx.query(
            `UPDATE stage_transitions SET killed_at = $3, killed_event_id = $4
              WHERE project_id = $1 AND entered_position < $2 AND exited_event_id IS NULL AND killed_event_id IS NULL`,
            [projectId, event.globalPosition, at, event.eventId],
          );
          break;
        default:
          break;
      }
    }
  },
};

function enter(tx: SqlExecutor, projectId: string, event: RecordedEvent, stage: string, at: string, by: string) {
  return tx.query(
    `INSERT INTO stage_transitions (project_id, entered_position, stage, entered_at, entered_event_id, entered_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (project_id, entered_position) DO NOTHING`,
    [projectId, event.globalPosition, stage, at, event.eventId, by],
  );
}
