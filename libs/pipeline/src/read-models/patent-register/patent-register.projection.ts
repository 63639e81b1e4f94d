import type { SqlExecutor } from '@app/platform';
import type { Projection, RecordedEvent } from '@app/event-store';
import { projectEventsOf } from '../shared/project-events';

// Patent fields a RecordCorrected may change, and their columns.
const CORRECTABLE: Readonly<Record<string, string>> = {
  title: 'title',
  jurisdiction: 'jurisdiction',
  kind: 'kind',
  applicationNumber: 'application_number',
  filedOn: 'filed_on',
  publicationNumber: 'publication_number',
  publishedOn: 'published_on',
  patentNumber: 'patent_number',
  grantedOn: 'granted_on',
  abandonedOn: 'abandoned_on',
};

/** Every patent application with its current status; corrections show their new value, retractions hide it. */
export const patentRegisterProjection: Projection = {
  name: 'patent_register',
  version: 1,
  tables: ['patent_register'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    for (const { projectId, event, domain } of projectEventsOf(events)) {
      const touch = (patentId: string, set: string, values: unknown[]) =>
        tx.query(
          `UPDATE patent_register SET ${set}, last_event_id = $2, updated_at = $3 WHERE patent_id = $1`,
          [patentId, event.eventId, event.recordedAt, ...values],
        );
      switch (domain.type) {
        case 'PatentFiled': {
          const d = domain.data;
          await tx.query(
            `INSERT INTO patent_register (patent_id, project_id, title, jurisdiction, kind, application_number, filed_on,
                status, filed_event_id, last_event_id, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'filed', $8, $8, $9) ON CONFLICT (patent_id) DO NOTHING`,
            [d.patentId, projectId, d.title, d.jurisdiction, d.kind, d.applicationNumber, d.filedOn, event.eventId, event.recordedAt],
          );
          break;
        }
        case 'PatentPublished':
          await touch(domain.data.patentId, `status = 'published', publication_number = $4, published_on = $5`, [
            domain.data.publicationNumber,
            domain.data.publishedOn,
          ]);
          break;
        case 'PatentGranted':
          await touch(domain.data.patentId, `status = 'granted', patent_number = $4, granted_on = $5`, [
            domain.data.patentNumber,
            domain.data.grantedOn,
          ]);
          break;
        case 'PatentAbandoned':
          await touch(domain.data.patentId, `status = 'abandoned', abandoned_on = $4, abandon_reason = $5`, [
            domain.data.abandonedOn,
            domain.data.reason,
          ]);
          break;
        case 'RecordCorrected': {
          const column = CORRECTABLE[domain.data.field];
          if (domain.data.target.kind === 'patent' && column) {
            await touch(domain.data.target.id, `${column} = $4`, [domain.data.newValue]);
          }
          break;
        }
        case 'RecordRetracted':
          if (domain.data.target.kind === 'patent') await touch(domain.data.target.id, 'retracted = true', []);
          break;
        default:
          break;
      }
    }
  },
};
