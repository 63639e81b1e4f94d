import type { SqlExecutor } from '@app/platform';
import type { Projection, RecordedEvent } from '@app/event-store';
import { projectEventsOf } from '../shared/project-events';

// Board columns a RecordCorrected on the project may change (summary is not on the board).
export const BOARD_CORRECTABLE_COLUMNS: Readonly<Record<string, string>> = {
  title: 'title',
  deviceType: 'device_type',
  therapeuticArea: 'therapeutic_area',
  institution: 'institution',
  department: 'department',
};

const STATUS_AFTER_GATE = { ProjectKilled: 'terminated', ProjectPutOnHold: 'on_hold', ProjectResumed: 'active' } as const;

/** One row per project: where it is now and when it last moved. */
export const pipelineBoardProjection: Projection = {
  name: 'pipeline_board',
  version: 1,
  tables: ['pipeline_board'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const touched = new Map<string, { revision: number; eventId: string; position: number; occurredAt: string }>();
    for (const { projectId, event, domain } of projectEventsOf(events)) {
      switch (domain.type) {
        case 'ProjectProposed': {
          const d = domain.data;
          await tx.query(
            `INSERT INTO pipeline_board (project_id, title, stage, status, institution, department, device_type, risk_class,
                authorities, therapeutic_area, lead_clinician_id, lead_clinician_name, proposed_at, stage_entered_at,
                last_event_at, last_event_id, last_position, revision)
             VALUES ($1, $2, 'idea', 'active', $3, $4, $5, $6, $7::text[], $8, $9, $10, $11, $11, $12, $13, $14, $15)
             ON CONFLICT (project_id) DO NOTHING`,
            [
              projectId, d.title, d.institution, d.department, d.deviceType, d.riskClass,
              [...new Set(d.targets.map((t) => t.authority))].sort(), d.therapeuticArea, d.leadClinician.id,
              d.leadClinician.name, event.metadata.occurredAt, event.metadata.occurredAt, event.eventId, event.globalPosition, event.revision,
            ],
          );
          break;
        }
        case 'StageAdvanced':
        case 'ProjectRecycled':
          await tx.query(
            `UPDATE pipeline_board SET stage = $2, status = $3, stage_entered_at = $4 WHERE project_id = $1`,
            [projectId, domain.data.toStage, domain.data.toStage === 'approved' ? 'approved' : 'active', event.metadata.occurredAt],
          );
          break;
        case 'ProjectKilled':
        case 'ProjectPutOnHold':
        case 'ProjectResumed':
          await tx.query('UPDATE pipeline_board SET status = $2 WHERE project_id = $1', [projectId, STATUS_AFTER_GATE[domain.type]]);
          break;
        case 'RecordCorrected': {
          const column = BOARD_CORRECTABLE_COLUMNS[domain.data.field];
          if (domain.data.target.kind === 'project' && column) {
            await tx.query(`UPDATE pipeline_board SET ${column} = $2 WHERE project_id = $1`, [projectId, String(domain.data.newValue)]);
          }
          break;
        }
        default:
          break;
      }
      const seen = touched.get(projectId);
      touched.set(projectId, {
        revision: event.revision,
        eventId: event.eventId,
        position: event.globalPosition,
        occurredAt: seen && Date.parse(seen.occurredAt) > Date.parse(event.metadata.occurredAt) ? seen.occurredAt : event.metadata.occurredAt,
      });
    }
    // One statement for "last moved" of every project the batch touched; the revision guard makes it idempotent.
    if (touched.size === 0) return;
    const rows = [...touched.entries()];
    await tx.query(
      `UPDATE pipeline_board AS b
          SET revision = t.revision, last_event_id = t.event_id, last_position = t.position,
              last_event_at = GREATEST(b.last_event_at, t.occurred_at)
         FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::bigint[], $5::timestamptz[])
              AS t(project_id, revision, event_id, position, occurred_at)
        WHERE b.project_id = t.project_id AND b.revision <= t.revision`,
      [
        rows.map(([id]) => id),
        rows.map(([, r]) => r.revision),
        rows.map(([, r]) => r.eventId),
        rows.map(([, r]) => r.position),
        rows.map(([, r]) => r.occurredAt),
      ],
    );
  },
};
