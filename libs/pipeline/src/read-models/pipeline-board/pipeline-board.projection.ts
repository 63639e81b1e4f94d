import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import { appendRows, flushKept, keptRows, laterOf, plainRowIo, Row, RowIo, writeRows } from '../shared/row-batch';
import { foldKept, keptPart } from '../shared/kept-state';
import { projectEventsOf, projectIdsOf } from '../shared/project-events';
import { initialState, missingEvidence, nextStage, REGISTRY_OF, registry, trackSummaries } from '../../domain';
import type { ProjectEvent, ProjectState } from '../../domain';

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
  'lead_clinician_id', 'lead_clinician_name', 'proposed_at', 'stage_entered_at', 'template_id', 'pathways',
] as const;

const STATUS_AFTER_GATE = { ProjectKilled: 'terminated', ProjectPutOnHold: 'on_hold', ProjectResumed: 'active' } as const;

/**
 * One row per project: where it is now and when it last moved; and a version of the row (recordedAt, global
 * position) each time a board field changes, for the board as of a past instant. A batch is folded into the
 * touched rows in memory and written with one statement per table.
 */
export const pipelineBoardProjection: Projection = {
  name: 'pipeline_board',
  version: 4,
  tables: ['pipeline_board', 'pipeline_board_history'],
  // A rebuild appends each version once (appendRows); the board's rows are kept and upserted.
  appendedTables: ['pipeline_board_history'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events);
    if (batch.length === 0) return;
    const kept = keptRows(memo, 'pipeline_board', BOARD_ROWS);
    const board = await kept.load(tx, projectIdsOf(batch));
    const touched = new Set<string>();
    // A project first seen in this batch: its state is folded from its first event here (see withGateReadiness).
    const startRevision = new Map<string, number>();
    const versions: Row[] = [];
    const folded = new Map<string, ProjectEvent[]>();
    for (const { projectId, event, domain } of batch) {
      const own = folded.get(projectId);
      if (own) own.push(domain);
      else folded.set(projectId, [domain]);
      if (!board.has(projectId) && !startRevision.has(projectId)) startRevision.set(projectId, event.revision);
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
            // A project proposed without a template follows the fixed model.
            template_id: d.template?.templateId ?? 'fixed_model',
            pathways: [...new Set(d.targets.map((t) => t.pathway))].sort(),
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
    for (const id of touched) {
      foldState(board.get(id) as Row, folded.get(id) ?? [], startRevision.get(id));
      kept.set(id, board.get(id) as Row);
    }
    await kept.endBatch(tx, memo !== undefined);
    // A rebuild's fresh table has none of these versions yet (each event is applied once).
    if (memo) await appendRows(tx, 'pipeline_board_history', ['project_id', 'global_position'], versions, 'nothing');
    else await writeRows(tx, 'pipeline_board_history', ['project_id', 'global_position'], versions, 'nothing');
  },
  flush: flushKept,
};

// The gate columns are derived when a row is written (once per batch live, once per project at a rebuild's flush),
// from the state the batches folded into it.
const PLAIN_BOARD_ROWS = plainRowIo('pipeline_board', 'project_id', 'uuid');
const BOARD_ROWS: RowIo<Row> = {
  read: PLAIN_BOARD_ROWS.read,
  write: (tx, rows, append) => {
    for (const row of rows.values()) withGateReadiness(row);
    return PLAIN_BOARD_ROWS.write(tx, rows, append);
  },
};

/**
 * The project's state as the domain folds it, kept in the row (`project_state`): the part the gate rules (and the
 * team) read, see keptPart.
 *
 * A stream that began as a clinician's idea has events before ProjectProposed, which no board row sees; the fold then
 * starts at the first event this row saw, with the stream's revision, so records keep their revisions. A row without a
 * kept state (written before this column existed, until the version's rebuild) keeps none.
 *
 * The fold is foldKept, the one deadlines and notifications keep: in a rebuild the three keep the very same state
 * objects, so a page is folded once for all three. It keeps the idea (only idea events change it, and nothing the
 * board derives reads it), which the row drops when it is written (withGateReadiness).
 */
function foldState(row: Row, events: readonly ProjectEvent[], firstRevision: number | undefined): void {
  const kept = row.project_state as Record<string, unknown> | null | undefined;
  let start: ProjectState | null;
  if (kept) start = LIVE_STATES.has(kept) ? (kept as unknown as ProjectState) : restoreState(kept);
  // From the stream's first event: the initial state, as the others start (revision -1).
  else if (firstRevision === 0) start = null;
  else if (firstRevision !== undefined) start = { ...initialState(), revision: firstRevision - 1 };
  else {
    row.project_state = null;
    return;
  }
  const state = foldKept(start, events);
  LIVE_STATES.add(state);
  row.project_state = state;
}

/**
 * What the project's next gate still lacks by the domain's own rules (`missingEvidence`), from the row's kept state:
 * the stage of the next gate, the evidence codes missing, and whether an active project has all of it (ready for a
 * gate decision); and its regulatory tracks. A row without a kept state claims nothing.
 */
function withGateReadiness(row: Row): void {
  const kept = row.project_state as Record<string, unknown> | null | undefined;
  if (!kept) {
    Object.assign(row, {
      project_state: null,
      next_stage: null,
      missing_evidence: null,
      ready_for_gate: false,
      regulatory_tracks: null,
      authority_statuses: [],
    });
    return;
  }
  const state = LIVE_STATES.has(kept) ? (kept as unknown as ProjectState) : restoreState(kept);
  const next = state.status === 'active' ? nextStage(state) : null;
  const missing = next ? missingEvidence(state, next).map((m) => m.code) : null;
  Object.assign(row, {
    // Without the idea (see foldState).
    project_state: keptPart(state),
    next_stage: next,
    missing_evidence: missing,
    ready_for_gate: next !== null && missing !== null && missing.length === 0,
    ...trackColumns(state),
  });
}

/**
 * One track per target authority as the domain derives it (status and its day, no records: the project view has those),
 * and the keys the authorityStatus filter matches by index: "NMPA:approved" and "*:approved".
 */
export function trackColumns(state: ProjectState): { regulatory_tracks: unknown[]; authority_statuses: string[] } {
  const tracks = trackSummaries(state);
  const keys = new Set<string>();
  for (const t of tracks) keys.add(`${t.authority}:${t.status}`).add(`*:${t.status}`);
  return { regulatory_tracks: tracks, authority_statuses: [...keys].sort() };
}

// States this module folded (kept in a rebuild's memo across pages): used as they are, not restored from JSON again.
// A fold copies what it changes, so a kept state is never written to.
const LIVE_STATES = new WeakSet<object>();

// Registries are keyed by input: after JSON they get their null prototype back, so any id stays an ordinary key.
const REGISTRY_KEYS = [...Object.values(REGISTRY_OF), 'team'] as const;

function restoreState(json: Record<string, unknown>): ProjectState {
  const state = { ...initialState(), ...json } as unknown as Record<string, unknown>;
  for (const key of REGISTRY_KEYS) state[key] = registry(Object.entries((json[key] ?? {}) as Record<string, unknown>));
  return state as unknown as ProjectState;
}
