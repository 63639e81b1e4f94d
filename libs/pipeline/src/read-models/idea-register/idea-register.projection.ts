import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import type { ProjectEvent } from '../../domain';
import { flushKept, keptRows, plainRowIo, Row } from '../shared/row-batch';
import { projectEventsOf, projectIdsOf } from '../shared/project-events';

/** The row's rule for one event, pure: what an idea's row becomes (undefined: the event does not concern it). */
export function evolveIdeaRow(row: Row | undefined, projectId: string, event: RecordedEvent, domain: ProjectEvent): Row | undefined {
  const stamp = { last_event_id: event.eventId, last_position: event.globalPosition };
  switch (domain.type) {
    case 'IdeaSubmitted':
    case 'IdeaResubmitted': {
      const d = domain.data;
      // A redelivered submission (a row already past it) changes nothing.
      if (row && Number(row.last_position) >= event.globalPosition) return row;
      return {
        project_id: projectId,
        title: d.title,
        clinical_need: d.clinicalNeed,
        device_type: d.deviceType,
        therapeutic_area: d.therapeuticArea,
        institution: d.institution,
        department: d.department,
        submitted_by_id: d.submittedBy.id,
        submitted_by_name: d.submittedBy.name,
        status: 'submitted',
        submissions: Number(row?.submissions ?? 0) + 1,
        first_submitted_at: row?.first_submitted_at ?? d.submittedAt,
        submitted_at: d.submittedAt,
        screened_at: null,
        screening_reason: null,
        screened_by_name: null,
        ...stamp,
      };
    }
    case 'IdeaAccepted':
    case 'IdeaDeclined': {
      if (!row) return undefined;
      const accepted = domain.type === 'IdeaAccepted';
      return {
        ...row,
        status: accepted ? 'accepted' : 'declined',
        screened_at: accepted ? domain.data.acceptedAt : domain.data.declinedAt,
        screening_reason: domain.data.reason,
        screened_by_name: event.metadata.actor.name,
        ...stamp,
      };
    }
    case 'RecordCorrected':
      // The project's title once it is one: the register shows it as corrected.
      if (!row || domain.data.target.kind !== 'project' || domain.data.field !== 'title') return row;
      return { ...row, title: String(domain.data.newValue), ...stamp };
    default:
      return row;
  }
}

/** Doctors' ideas and what the screening made of them: the office's queue, a clinician's "my ideas", screening time. */
export const ideaRegisterProjection: Projection = {
  name: 'idea_register',
  version: 1,
  tables: ['idea_register'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events).filter(({ domain }) => domain.type.startsWith('Idea') || domain.type === 'RecordCorrected');
    if (batch.length === 0) return;
    const kept = keptRows(memo, 'idea_register', IDEA_ROWS);
    const rows = await kept.load(tx, projectIdsOf(batch));
    const touched = new Set<string>();
    for (const { projectId, event, domain } of batch) {
      const before = rows.get(projectId);
      const after = evolveIdeaRow(before, projectId, event, domain);
      if (!after || after === before) continue;
      rows.set(projectId, after);
      touched.add(projectId);
    }
    for (const id of touched) kept.set(id, rows.get(id) as Row);
    await kept.endBatch(tx, memo !== undefined);
  },
  flush: flushKept,
};

const IDEA_ROWS = plainRowIo('idea_register', 'project_id', 'uuid');
