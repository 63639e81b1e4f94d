import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import { flushKept, keptRows, plainRowIo, Row } from '../shared/row-batch';
import { projectEventsOf } from '../shared/project-events';

const CORRECTABLE: Readonly<Record<string, string>> = {
  title: 'title',
  registry: 'registry',
  registryId: 'registry_id',
  targetEnrolment: 'target_enrolment',
  registeredOn: 'registered_on',
  firstPatientInOn: 'first_patient_in_on',
  completedOn: 'completed_on',
  primaryEndpointMet: 'primary_endpoint_met',
};

/**
 * A count as the read model keeps it (a bigint column): whole, not negative, and within what a JavaScript number
 * holds exactly, so no valid event can fail the row (the decider bounds counts far below this).
 */
export function toCount(value: unknown): number {
  const n = Math.trunc(Number(value));
  if (Number.isNaN(n)) return 0;
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, n));
}

/**
 * Every registered trial: enrolment against target, status, primary endpoint; retracted trials drop out.
 * A batch is folded into the rows it touches and written in one statement.
 */
export const trialTrackerProjection: Projection = {
  name: 'trial_tracker',
  version: 2,
  tables: ['trial_tracker'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events);
    const ids = batch.flatMap(({ domain }) => {
      if (domain.type === 'RecordCorrected' || domain.type === 'RecordRetracted') return domain.data.target.kind === 'trial' ? [domain.data.target.id] : [];
      return 'trialId' in domain.data && typeof domain.data.trialId === 'string' ? [domain.data.trialId] : [];
    });
    if (ids.length === 0) return;
    const kept = keptRows(memo, 'trial_tracker', TRIAL_ROWS);
    const rows = await kept.load(tx, ids);
    const written = new Set<string>();
    for (const { projectId, event, domain } of batch) {
      const touch = (trialId: string, values: (row: Row) => Row) => {
        const row = rows.get(trialId);
        if (!row) return;
        Object.assign(row, values(row), { last_event_id: event.eventId, updated_at: event.recordedAt });
        written.add(trialId);
      };
      switch (domain.type) {
        case 'TrialRegistered': {
          const d = domain.data;
          if (rows.has(d.trialId)) break;
          rows.set(d.trialId, {
            trial_id: d.trialId,
            project_id: projectId,
            title: d.title,
            registry: d.registry,
            registry_id: d.registryId,
            target_enrolment: toCount(d.targetEnrolment),
            enrolled: 0,
            status: 'registered',
            registered_on: d.registeredOn,
            first_patient_in_on: null,
            completed_on: null,
            primary_endpoint_met: null,
            result_summary: null,
            retracted: false,
            registered_event_id: event.eventId,
            last_event_id: event.eventId,
            updated_at: event.recordedAt,
          });
          written.add(d.trialId);
          break;
        }
        case 'FirstPatientEnrolled':
          touch(domain.data.trialId, (row) => ({
            status: 'recruiting',
            enrolled: Math.max(1, toCount(row.enrolled)),
            first_patient_in_on: domain.data.occurredOn,
          }));
          break;
        case 'EnrolmentUpdated':
          touch(domain.data.trialId, () => ({ enrolled: toCount(domain.data.enrolled) }));
          break;
        case 'TrialCompleted':
          touch(domain.data.trialId, () => ({
            status: 'completed',
            completed_on: domain.data.completedOn,
            primary_endpoint_met: domain.data.primaryEndpointMet,
            result_summary: domain.data.resultSummary,
          }));
          break;
        case 'RecordCorrected': {
          const column = CORRECTABLE[domain.data.field];
          const value = column === 'target_enrolment' ? toCount(domain.data.newValue) : domain.data.newValue;
          if (domain.data.target.kind === 'trial' && column) touch(domain.data.target.id, () => ({ [column]: value }));
          break;
        }
        case 'RecordRetracted':
          if (domain.data.target.kind === 'trial') touch(domain.data.target.id, () => ({ retracted: true }));
          break;
        default:
          break;
      }
    }
    for (const id of written) kept.set(id, rows.get(id) as Row);
    await kept.endBatch(tx, memo !== undefined);
  },
  flush: flushKept,
};

const TRIAL_ROWS = plainRowIo('trial_tracker', 'trial_id', 'text');
