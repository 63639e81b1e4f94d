import type { SqlExecutor } from '@app/platform';
import type { Projection, ProjectionMemo, RecordedEvent } from '@app/event-store';
import { flushKept, keptRows, plainRowIo, Row } from '../shared/row-batch';
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

/**
 * Every patent application with its current status; corrections show their new value, retractions hide it.
 * A batch is folded into the rows it touches and written in one statement.
 */
export const patentRegisterProjection: Projection = {
  name: 'patent_register',
  version: 2,
  tables: ['patent_register'],
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void> {
    const batch = projectEventsOf(events);
    const ids = batch.flatMap(({ domain }) => {
      if (domain.type === 'RecordCorrected' || domain.type === 'RecordRetracted') return domain.data.target.kind === 'patent' ? [domain.data.target.id] : [];
      return 'patentId' in domain.data && typeof domain.data.patentId === 'string' ? [domain.data.patentId] : [];
    });
    if (ids.length === 0) return;
    const kept = keptRows(memo, 'patent_register', PATENT_ROWS);
    const rows = await kept.load(tx, ids);
    const written = new Set<string>();
    for (const { projectId, event, domain } of batch) {
      const touch = (patentId: string, values: Row) => {
        const row = rows.get(patentId);
        if (!row) return;
        Object.assign(row, values, { last_event_id: event.eventId, updated_at: event.recordedAt });
        written.add(patentId);
      };
      switch (domain.type) {
        case 'PatentFiled': {
          const d = domain.data;
          if (rows.has(d.patentId)) break;
          rows.set(d.patentId, {
            patent_id: d.patentId,
            project_id: projectId,
            title: d.title,
            jurisdiction: d.jurisdiction,
            kind: d.kind,
            application_number: d.applicationNumber,
            filed_on: d.filedOn,
            status: 'filed',
            publication_number: null,
            published_on: null,
            patent_number: null,
            granted_on: null,
            abandoned_on: null,
            abandon_reason: null,
            retracted: false,
            filed_event_id: event.eventId,
            last_event_id: event.eventId,
            updated_at: event.recordedAt,
          });
          written.add(d.patentId);
          break;
        }
        case 'PatentPublished':
          touch(domain.data.patentId, { status: 'published', publication_number: domain.data.publicationNumber, published_on: domain.data.publishedOn });
          break;
        case 'PatentGranted':
          touch(domain.data.patentId, { status: 'granted', patent_number: domain.data.patentNumber, granted_on: domain.data.grantedOn });
          break;
        case 'PatentAbandoned':
          touch(domain.data.patentId, { status: 'abandoned', abandoned_on: domain.data.abandonedOn, abandon_reason: domain.data.reason });
          break;
        case 'RecordCorrected': {
          const column = CORRECTABLE[domain.data.field];
          if (domain.data.target.kind === 'patent' && column) touch(domain.data.target.id, { [column]: domain.data.newValue });
          break;
        }
        case 'RecordRetracted':
          if (domain.data.target.kind === 'patent') touch(domain.data.target.id, { retracted: true });
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

const PATENT_ROWS = plainRowIo('patent_register', 'patent_id', 'text');
