import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import { loadRows, Row, writeRows } from '../shared/row-batch';
import { projectEventsOf, projectIdsOf } from '../shared/project-events';

const OPEN = 'exited_event_id IS NULL AND killed_event_id IS NULL';

/**
 * One row per stay of a project in a stage, with the events that began and ended it, when they happened
 * (occurredAt) and when and where they were recorded (recordedAt, global position: the funnel as of an
 * instant). A batch is folded into the open stays of the projects it touches, then written in one statement.
 */
export const stageTransitionsProjection: Projection = {
  name: 'stage_transitions',
  version: 2,
  tables: ['stage_transitions'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events).filter(({ domain }) =>
      ['ProjectProposed', 'StageAdvanced', 'ProjectRecycled', 'ProjectKilled'].includes(domain.type),
    );
    if (batch.length === 0) return;
    // A project has at most one open stay (loadRows keys by project). A rebuild keeps every project's open stay in
    // its memo from position 0, so it never reads them back.
    const open = memo ? openStaysOf(memo) : await loadRows(tx, 'stage_transitions', 'project_id', 'uuid', projectIdsOf(batch), OPEN);
    const written = new Map<string, Row>();
    const keep = (row: Row) => written.set(`${row.project_id}/${row.entered_position}`, row);
    const enter = (projectId: string, event: RecordedEvent, stage: string, by: string) => {
      const row: Row = {
        project_id: projectId,
        entered_position: event.globalPosition,
        stage,
        entered_at: event.metadata.occurredAt,
        entered_event_id: event.eventId,
        entered_by: by,
        entered_recorded_at: event.recordedAt,
        exited_at: null,
        exited_event_id: null,
        exited_to: null,
        exit_kind: null,
        exited_position: null,
        exited_recorded_at: null,
        killed_at: null,
        killed_event_id: null,
        killed_position: null,
        killed_recorded_at: null,
      };
      open.set(projectId, row);
      keep(row);
    };
    for (const { projectId, event, domain } of batch) {
      // A stage is entered or left when the gate decision happened in the world (occurredAt):
      // the signing time for a live decision, the meeting's date for a decision recorded late.
      const at = event.metadata.occurredAt;
      const stay = open.get(projectId);
      switch (domain.type) {
        case 'ProjectProposed':
          if (!stay) enter(projectId, event, 'idea', 'proposed');
          break;
        case 'StageAdvanced':
        case 'ProjectRecycled': {
          // The open stay ends where the next begins.
          if (stay) {
            Object.assign(stay, {
              exited_at: at,
              exited_event_id: event.eventId,
              exited_to: domain.data.toStage,
              exit_kind: domain.type === 'StageAdvanced' ? 'advanced' : 'recycled',
              exited_position: event.globalPosition,
              exited_recorded_at: event.recordedAt,
            });
            keep(stay);
          }
          enter(projectId, event, domain.data.toStage, domain.type === 'StageAdvanced' ? 'go' : 'recycle');
          break;
        }
        case 'ProjectKilled':
          if (!stay) break;
          Object.assign(stay, { killed_at: at, killed_event_id: event.eventId, killed_position: event.globalPosition, killed_recorded_at: event.recordedAt });
          keep(stay);
          open.delete(projectId);
          break;
        default:
          break;
      }
    }
    await writeRows(tx, 'stage_transitions', ['project_id', 'entered_position'], [...written.values()]);
  },
};

function openStaysOf(memo: ProjectionMemo): Map<string, Row> {
  let open = memo.get('open') as Map<string, Row> | undefined;
  if (!open) memo.set('open', (open = new Map()));
  return open;
}
