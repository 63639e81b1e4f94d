import { DomainError } from '../shared/errors';
import { notFound, notRetracted, required, requireReason, unique } from '../shared/rules';
import type { ProjectState } from '../state';
import type { PatentAbandoned, PatentCommand, PatentFiled, PatentGranted, PatentPublished } from './patents.payloads';

export function decidePatent(
  command: PatentCommand,
  state: ProjectState,
): (PatentFiled | PatentPublished | PatentGranted | PatentAbandoned)[] {
  switch (command.type) {
    case 'FilePatent': {
      const d = command.data;
      unique(state.patents, 'patent', d.patentId);
      required({ jurisdiction: d.jurisdiction, applicationNumber: d.applicationNumber, filedOn: d.filedOn });
      return [{ type: 'PatentFiled', data: d }];
    }
    case 'RecordPatentPublished':
      patentFor(state, command.data.patentId, 'publish');
      required({ publicationNumber: command.data.publicationNumber, publishedOn: command.data.publishedOn });
      return [{ type: 'PatentPublished', data: command.data }];
    case 'RecordPatentGranted':
      patentFor(state, command.data.patentId, 'grant');
      required({ patentNumber: command.data.patentNumber, grantedOn: command.data.grantedOn });
      return [{ type: 'PatentGranted', data: command.data }];
    case 'AbandonPatent':
      patentFor(state, command.data.patentId, 'abandon');
      requireReason(command.data.reason);
      return [{ type: 'PatentAbandoned', data: command.data }];
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}

// Patent life: filed → published → granted; CN utility models are granted unpublished; any live patent may be abandoned.
const PATENT_FROM = {
  publish: ['filed'],
  grant: ['filed', 'published'],
  abandon: ['filed', 'published', 'granted'],
} as const;

function patentFor(state: ProjectState, patentId: string, step: keyof typeof PATENT_FROM) {
  const patent = state.patents[patentId];
  if (!patent) throw notFound('patent_not_found', 'patent', patentId);
  notRetracted(patent, 'patent', patentId);
  if (!(PATENT_FROM[step] as readonly string[]).includes(patent.status)) {
    throw new DomainError('invalid_patent_transition', `Cannot ${step} a patent that is ${patent.status}.`, {
      patentId,
      status: patent.status,
      step,
    });
  }
  return patent;
}
