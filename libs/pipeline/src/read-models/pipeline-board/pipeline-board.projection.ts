import type { SqlExecutor } from '@app/platform';
import type { Projection, RecordedEvent } from '@app/event-store';
import { laterOf, loadRows, Row, writeRows } from '../shared/row-batch';
import { projectEventsOf } from '../shared/project-events';

// Board columns a RecordCorrected on the project may change (summary is not on the board).
export const BOARD_CORRECTABLE_COLUMNS: Readonly<Record<string, string>> = {
  title: 'title',
  deviceType: 'device_type',
  therapeuticArea: 'therapeutic_area',
  institution: 'institution',
  department: 'department',
};

// The columns of a board version (pipeline_board_history): everything but the last-event columns.
const VERSIONED_COLUMNS = [
  'title', 'stage', 'status', 'institution', 'department', 'device_type', 'risk_class', 'authorities', 'therapeutic_area',
  'lead_clinician_id', 'lead_clinician_name', 'proposed_at', 'stage_entered_at',
] as const;

const STATUS_AFTER_GATE = { ProjectKilled: 'terminated', ProjectPutOnHold: 'on_hold', ProjectResumed: 'active' } as const;

/**
 * One row per project: where it is now and when it last moved; and a version of the row (recordedAt, global
 * position) each time a board field changes, for the board as of a past instant. A batch is folded into the
 * touched rows in memory and written with one statement per table.
 */
export const pipelineBoardProjection: Projection = {
  name: 'pipeline_board',
  version: 2,
  tables: ['pipeline_board', 'pipeline_board_history'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const batch = projectEventsOf(events);
    if (batch.length === 0) return;
    const board = await loadRows(tx, 'pipeline_board', 'project_id', 'uuid', batch.map((e) => e.projectId));
    const touched = new Set<string>();
    const versions: Row[] = [];
    for (const { projectId, event, domain } of batch) {
      let row = board.get(projectId);
      let changed = false;
      switch (domain.type) {
        case 'ProjectProposed': {
          if (row) break;
          const d = domain.data;
          row = {
            project_id: projectId,
            title: d.title,
            stage: 'idea',
            status: 'active',
            institution: d.institution,
            department: d.department,
            device_type: d.deviceType,
            risk_class: d.riskClass,
            authorities: [...new Set(d.targets.map((t) => t.authority))].sort(),
            therapeutic_area: d.therapeuticArea,
            lead_clinician_id: d.leadClinician.id,
            lead_clinician_name: d.leadClinician.name,
            proposed_at: event.metadata.occurredAt,
            stage_entered_at: event.metadata.occurredAt,
            last_event_at: event.metadata.occurredAt,
            last_event_id: event.eventId,
            last_position: event.globalPosition,
            revision: event.revision,
          };
          board.set(projectId, row);
          changed = true;
          break;
        }
        case 'StageAdvanced':
        case 'ProjectRecycled':
          if (!row) break;
          row.stage = domain.data.toStage;
          row.status = domain.data.toStage === 'approved' ? 'approved' : 'active';
          row.stage_entered_at = event.metadata.occurredAt;
          changed = true;
          break;
        case 'ProjectKilled':
        case 'ProjectPutOnHold':
        case 'ProjectResumed':
          if (!row) break;
          row.status = STATUS_AFTER_GATE[domain.type];
          changed = true;
          break;
        case 'RecordCorrected': {
          const column = BOARD_CORRECTABLE_COLUMNS[domain.data.field];
          if (!row || domain.data.target.kind !== 'project' || !column) break;
          row[column] = String(domain.data.newValue);
          changed = true;
          break;
        }
        default:
          break;
      }
      if (!row) continue;
      // "Last moved": the newest revision, and the latest occurredAt of any event (a late entry may be older).
      if (Number(row.revision) <= event.revision) {
        row.revision = event.revision;
        row.last_event_id = event.eventId;
        row.last_position = event.globalPosition;
      }
      row.last_event_at = laterOf(row.last_event_at, event.metadata.occurredAt);
      touched.add(projectId);
      if (changed) {
        const version: Row = { project_id: projectId, global_position: event.globalPosition, recorded_at: event.recordedAt };
        for (const c of VERSIONED_COLUMNS) version[c] = row[c];
        versions.push(version);
      }
    }
    await writeRows(tx, 'pipeline_board', ['project_id'], [...touched].map((id) => board.get(id) as Row));
    await writeRows(tx, 'pipeline_board_history', ['project_id', 'global_position'], versions, 'nothing');
  },
};
