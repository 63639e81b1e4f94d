import type { SqlExecutor } from '@app/platform';
import type { Projection, RecordedEvent } from '@app/event-store';
import {
  DeadlineSources,
  deadlinesOf,
  evolveAll,
  initialState,
  noteDeadlineSources,
  personKey,
  ProjectEvent,
  ProjectState,
  registry,
} from '../../domain';
import { loadRows, Row, writeRows } from '../shared/row-batch';
import { projectEventsOf } from '../shared/project-events';
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

/**
 * One row per deadline the record implies (domain/project.deadlines.ts), naming the events it comes from and the
 * ones that closed it. Each project's folded state and its ledger of which event set which date are kept in
 * deadline_projects, so a batch folds only its own events; the project's deadline rows are then replaced.
 * Rows hold no status: met, missed or open depends on the day, and the queries compute it.
 */
export const deadlinesProjection: Projection = {
  name: 'deadlines',
  // 2: the built-in holiday calendars gained CN (with working weekends), ID and SG 2027.
  version: 2,
  tables: ['deadline_projects', 'deadlines'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const batch = projectEventsOf(events);
    if (batch.length === 0) return;
    const stored = await loadRows(tx, 'deadline_projects', 'project_id', 'uuid', batch.map((b) => b.projectId));
    const byProject = new Map<string, { events: ProjectEvent[]; sources: DeadlineSources; last: RecordedEvent }>();
    for (const { projectId, event, domain } of batch) {
      const entry = byProject.get(projectId) ?? { events: [], sources: (stored.get(projectId)?.sources ?? {}) as DeadlineSources, last: event };
      entry.events.push(domain);
      entry.sources = noteDeadlineSources(entry.sources, domain, event.eventId);
      entry.last = event;
      byProject.set(projectId, entry);
    }
    const projects: Row[] = [];
    const deadlines: Row[] = [];
    for (const [projectId, entry] of byProject) {
      const state = evolveAll(reviveState(stored.get(projectId)?.state), entry.events);
      projects.push({ project_id: projectId, state, sources: entry.sources, last_event_id: entry.last.eventId, last_position: entry.last.globalPosition });
      const profile = state.profile;
      if (!profile) continue;
      const team = Object.entries(state.team).filter(([, m]) => m.active).map(([id]) => id).sort();
      for (const d of deadlinesOf(state, null, { holidays: PUBLIC_HOLIDAYS, sources: entry.sources })) {
        deadlines.push({
          project_id: projectId,
          deadline_id: d.id,
          kind: d.kind,
          title: d.title,
          project_title: profile.title,
          project_status: state.status,
          owner_id: personKey(profile.leadClinician.id),
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
          updated_at: entry.last.recordedAt,
        });
      }
    }
    await tx.query('DELETE FROM deadlines WHERE project_id = ANY($1::uuid[])', [[...byProject.keys()]]);
    await writeRows(tx, 'deadline_projects', ['project_id'], projects);
    await writeRows(tx, 'deadlines', ['project_id', 'deadline_id'], deadlines);
  },
};
