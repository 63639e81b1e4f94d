import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import {
  deadlinesOf,
  initialState,
  noteDeadlineSourcesIn,
  personKey,
  ProjectEvent,
  ProjectState,
  registry,
} from '../../domain';
import { foldKept, keptPart } from '../shared/kept-state';
import { appendRows, flushKept, keptRows, loadRows, Row, RowIo, writeChunks } from '../shared/row-batch';
import { projectEventsOf, projectIdsOf } from '../shared/project-events';
import { PUBLIC_HOLIDAYS } from './public-holidays';

/**
 * A state read back from JSON: registries get their null prototype again (an id such as `__proto__` stays an
 * ordinary key), and fields a later release added start from their initial value.
 */
export function reviveState(json: unknown): ProjectState {
  const init = initialState();
  const stored = (json ?? {}) as Record<string, unknown>;
  const state = { ...init, ...stored } as Record<string, unknown>;
  for (const [field, value] of Object.entries(init)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === null) {
      state[field] = registry(Object.entries((stored[field] ?? {}) as Record<string, unknown>));
    }
  }
  return state as unknown as ProjectState;
}

// Which events set which date (DeadlineSources), written in place by this read model alone.
type Ledger = Record<string, string[]>;

/** A project as the deadlines read model keeps it (deadline_projects), with the recording instant of its last event. */
interface DeadlineProject {
  state: ProjectState;
  sources: Ledger;
  lastEventId: string;
  lastPosition: number;
  lastRecordedAt: string;
}

/**
 * One row per deadline the record implies (domain/deadlines/deadlines.ts), naming the events it comes from and the
 * ones that closed it. Each project's folded state (the part deadlines read: see keptPart) and its ledger of which
 * event set which date are kept in deadline_projects, so a batch folds only its own events; the project's deadline
 * rows are then replaced. A rebuild keeps the projects in memory across its pages and derives their deadlines once,
 * at the end. Rows hold no status: met, missed or open depends on the day, and the queries compute it.
 */
export const deadlinesProjection: Projection = {
  name: 'deadlines',
  // 2: the built-in holiday calendars gained CN (with working weekends), ID and SG 2027.
  // 3: deadline_projects keeps only the part of the state deadlines read (no milestones or logs).
  // 4: conditions of a conditional go are deadlines (condition_due), their owner's.
  version: 4,
  tables: ['deadline_projects', 'deadlines'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events);
    if (batch.length === 0) return;
    const kept = keptRows(memo, 'deadline_projects', DEADLINE_PROJECTS);
    const stored = await kept.load(tx, projectIdsOf(batch));
    const byProject = new Map<string, { events: ProjectEvent[]; sources: Ledger; last: RecordedEvent }>();
    for (const { projectId, event, domain } of batch) {
      let entry = byProject.get(projectId);
      if (!entry) byProject.set(projectId, (entry = { events: [], sources: stored.get(projectId)?.sources ?? {}, last: event }));
      entry.events.push(domain);
      // In place: the ledger is this read model's own (read back for this batch, or kept in the rebuild's memo).
      noteDeadlineSourcesIn(entry.sources, domain, event.eventId);
      entry.last = event;
    }
    for (const [projectId, entry] of byProject) {
      const before = stored.get(projectId);
      kept.set(projectId, {
        // The part deadlines read, and the idea (stripped when written): the same state notifications keep, so in a
        // rebuild the page is folded once for both (foldKept).
        state: foldKept(before?.state ?? null, entry.events),
        sources: entry.sources,
        lastEventId: entry.last.eventId,
        lastPosition: entry.last.globalPosition,
        lastRecordedAt: entry.last.recordedAt,
      });
    }
    await kept.endBatch(tx, memo !== undefined);
  },
  flush: flushKept,
};

const DEADLINE_PROJECTS: RowIo<DeadlineProject> = {
  async read(tx, ids) {
    const rows = await loadRows(tx, 'deadline_projects', 'project_id', 'uuid', ids);
    return new Map(
      [...rows].map(([id, row]) => [
        id,
        // The recording instant is the batch's to set: only projects it touched are written.
        { state: reviveState(row.state), sources: row.sources as Ledger, lastEventId: String(row.last_event_id), lastPosition: Number(row.last_position), lastRecordedAt: '' },
      ]),
    );
  },
  // The projects' rows, and their deadline rows replaced by those their state implies now (appended when new).
  async write(tx, projects, append) {
    const ids = [...projects.keys()];
    const rows: Row[] = [];
    const deadlines: Row[] = [];
    for (const [projectId, p] of projects) {
      const state = keptPart(p.state);
      rows.push({ project_id: projectId, state, sources: p.sources, last_event_id: p.lastEventId, last_position: p.lastPosition });
      const profile = state.profile;
      if (!profile) continue;
      const team = Object.entries(state.team).filter(([, m]) => m.active).map(([id]) => id).sort();
      for (const d of deadlinesOf(state, null, { holidays: PUBLIC_HOLIDAYS, sources: p.sources })) {
        deadlines.push({
          project_id: projectId,
          deadline_id: d.id,
          kind: d.kind,
          title: d.title,
          project_title: profile.title,
          project_status: state.status,
          owner_id: d.owner ?? personKey(profile.leadClinician.id),
          team_ids: team,
          record_kind: d.record.kind,
          record_id: d.record.id,
          jurisdiction: d.jurisdiction,
          starts_on: d.startsOn,
          due_on: d.dueOn,
          closed_on: d.closedOn,
          source: d.source,
          source_events: d.sourceEvents,
          closed_by: d.closedBy,
          updated_at: p.lastRecordedAt,
        });
      }
    }
    if (append) {
      await appendRows(tx, 'deadline_projects', ['project_id'], rows);
      await appendRows(tx, 'deadlines', ['project_id', 'deadline_id'], deadlines);
      return;
    }
    await tx.query('DELETE FROM deadlines WHERE project_id = ANY($1::uuid[])', [ids]);
    await writeChunks(tx, 'deadline_projects', ['project_id'], rows);
    await writeChunks(tx, 'deadlines', ['project_id', 'deadline_id'], deadlines);
  },
};
