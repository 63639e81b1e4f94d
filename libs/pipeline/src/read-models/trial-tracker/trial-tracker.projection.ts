import type { SqlExecutor } from '@app/platform';
import type { Projection, RecordedEvent } from '@app/event-store';
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

/** Every registered trial: enrolment against target, status, primary endpoint; retracted trials drop out. */
export const trialTrackerProjection: Projection = {
  name: 'trial_tracker',
  version: 1,
  tables: ['trial_tracker'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    for (const { projectId, event, domain } of projectEventsOf(events)) {
      const touch = (trialId: string, set: string, values: unknown[]) =>
        tx.query(`UPDATE trial_tracker SET ${set}, last_event_id = $2, updated_at = $3 WHERE trial_id = $1`, [
          trialId,
          event.eventId,
          event.recordedAt,
          ...values,
        ]);
      switch (domain.type) {
        case 'TrialRegistered': {
          const d = domain.data;
          await tx.query(
            `INSERT INTO trial_tracker (trial_id, project_id, title, registry, registry_id, target_enrolment, enrolled, status,
                registered_on, registered_event_id, last_event_id, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, 'registered', $7, $8, $8, $9) ON CONFLICT (trial_id) DO NOTHING`,
            [d.trialId, projectId, d.title, d.registry, d.registryId, d.targetEnrolment, d.registeredOn, event.eventId, event.recordedAt],
          );
          break;
        }
        case 'FirstPatientEnrolled':
          await touch(domain.data.trialId, `status = 'recruiting', enrolled = GREATEST(1, enrolled), first_patient_in_on = $4`, [
            domain.data.occurredOn,
          ]);
          break;
        case 'EnrolmentUpdated':
          await touch(domain.data.trialId, 'enrolled = $4', [domain.data.enrolled]);
          break;
        case 'TrialCompleted':
          await touch(domain.data.trialId, `status = 'completed', completed_on = $4, primary_endpoint_met = $5, result_summary = $6`, [
            domain.data.completedOn,
            domain.data.primaryEndpointMet,
            domain.data.resultSummary,
          ]);
          break;
        case 'RecordCorrected': {
          const column = CORRECTABLE[domain.data.field];
          if (domain.data.target.kind === 'trial' && column) await touch(domain.data.target.id, `${column} = $4`, [domain.data.newValue]);
          break;
        }
        case 'RecordRetracted':
          if (domain.data.target.kind === 'trial') await touch(domain.data.target.id, 'retracted = true', []);
          break;
        default:
          break;
      }
    }
  },
};
