// Who may attach which document to which record, and what a document event adds to the state.
import type { ProjectState } from '../state';
import { findRecord } from '../state';
import { DomainError } from '../shared/errors';
import type { CommandMetadata } from '../shared/shapes';
import type { Role } from '../shared/values';
import { personKey } from '../shared/values';
import {
  DOCUMENT_PURPOSES_BY_KIND,
  DOCUMENT_RECORD_KINDS,
  DocumentCommand,
  DocumentEvent,
  DocumentFile,
  DocumentPlacement,
  DocumentRecord,
  DocumentRecordKind,
  DocumentTarget,
} from './documents.payloads';

/** Who may attach a document to each kind of record: whoever may record (or carry on) that record. */
const OFFICE: readonly Role[] = ['innovation_office'];
const OFFICE_OR_CLINICIAN: readonly Role[] = ['innovation_office', 'clinician'];
export const DOCUMENT_ROLES_BY_KIND: Readonly<Record<DocumentRecordKind, readonly Role[]>> = {
  verification_test: OFFICE,
  design_review: OFFICE,
  ethics_approval: OFFICE,
  // Clinicians enrol patients and complete trials: the protocol and results are theirs too.
  trial: OFFICE_OR_CLINICIAN,
  submission: OFFICE,
  approval: OFFICE,
  invention_disclosure: OFFICE,
  patent: OFFICE,
  equivalence_evaluation: OFFICE,
  // A clinician's own milestones (as for corrections).
  milestone: OFFICE_OR_CLINICIAN,
  // The regulator's letters come to the office, which records the authorisation and the designation.
  trial_authorisation: OFFICE,
  designation: OFFICE,
};

export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const MAX_FILE_NAME = 255;

/** A file name as the record keeps it: the last path segment, without control characters, at most 255 characters. */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // Control characters (C0, DEL, C1) and the Unicode bidi overrides that disguise an extension.
  const clean = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .replace(/^\.+/, '');
  const name = clean === '' ? 'document' : clean;
  return [...name].slice(0, MAX_FILE_NAME).join('');
}

export function decideDocument(command: DocumentCommand, state: ProjectState): DocumentEvent[] {
  const d = command.data;
  checkFile(d, state);
  if (command.type === 'AttachDocument') {
    const target = checkTarget(command.data, state, command.metadata);
    return [
      {
        type: 'DocumentAttached',
        data: {
          projectId: d.projectId,
          documentId: d.documentId,
          sha256: d.sha256,
          fileName: d.fileName,
          mediaType: d.mediaType,
          size: d.size,
          attachedTo: target,
          purpose: command.data.purpose,
          deficiency: command.data.deficiency ?? null,
        },
      },
    ];
  }
  const { supersedes, reason } = command.data;
  const old = Object.prototype.hasOwnProperty.call(state.documents, supersedes)
    ? state.documents[supersedes]
    : undefined;
  if (!old) {
    throw new DomainError('document_not_found', `No document with id ${supersedes} on this project.`, {
      documentId: supersedes,
    });
  }
  if (old.supersededBy !== null) {
    throw new DomainError(
      'document_already_superseded',
      `Document ${supersedes} was already superseded by ${old.supersededBy}.`,
      {
        documentId: supersedes,
        supersededBy: old.supersededBy,
      },
    );
  }
  if (typeof reason !== 'string' || reason.trim() === '')
    throw new DomainError('reason_required', 'A reason is required.');
  // The same placement as the version it replaces, with the same rights to it.
  checkTarget(
    { attachedTo: old.attachedTo, purpose: old.purpose, deficiency: old.deficiency },
    state,
    command.metadata,
  );
  return [
    {
      type: 'DocumentSuperseded',
      data: {
        projectId: d.projectId,
        documentId: d.documentId,
        sha256: d.sha256,
        fileName: d.fileName,
        mediaType: d.mediaType,
        size: d.size,
        attachedTo: old.attachedTo,
        purpose: old.purpose,
        deficiency: old.deficiency,
        supersedes,
        reason: reason.trim(),
      },
    },
  ];
}

/** Whether the actor may attach a document to this record (role, team, a clinician's own milestone), without deciding. */
export function checkDocumentPermission(kind: DocumentRecordKind, role: Role): void {
  const roles = DOCUMENT_ROLES_BY_KIND[kind] ?? [];
  if (!roles.includes(role)) {
    throw new DomainError('role_not_permitted', `Role ${role} may not attach documents to a ${kind}.`, { role, kind });
  }
}

function checkFile(d: DocumentFile, state: ProjectState): void {
  if (typeof d.documentId !== 'string' || d.documentId.trim() === '') {
    throw new DomainError('field_required', 'documentId is required.', { field: 'documentId' });
  }
  if (Object.prototype.hasOwnProperty.call(state.documents, d.documentId)) {
    throw new DomainError('record_already_exists', `A document with id ${d.documentId} already exists.`, {
      kind: 'document',
      id: d.documentId,
    });
  }
  if (typeof d.sha256 !== 'string' || !SHA256_HEX.test(d.sha256)) {
    throw new DomainError('invalid_document', 'sha256 must be 64 lower-case hex digits.', { field: 'sha256' });
  }
  if (!Number.isSafeInteger(d.size) || d.size < 1) {
    throw new DomainError('invalid_document', 'A document has at least one byte.', { field: 'size', value: d.size });
  }
  if (typeof d.fileName !== 'string' || d.fileName === '' || sanitizeFileName(d.fileName) !== d.fileName) {
    throw new DomainError(
      'invalid_document',
      'The file name must be a plain name without paths or control characters.',
      {
        field: 'fileName',
      },
    );
  }
  if (
    typeof d.mediaType !== 'string' ||
    !/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(d.mediaType)
  ) {
    throw new DomainError('invalid_document', 'The media type must be type/subtype in lower case.', {
      field: 'mediaType',
    });
  }
}

function checkTarget(p: DocumentPlacement, state: ProjectState, metadata: CommandMetadata): DocumentTarget {
  const { attachedTo, purpose } = p;
  const kind = attachedTo?.kind;
  if (!(DOCUMENT_RECORD_KINDS as readonly string[]).includes(kind)) {
    throw new DomainError(
      'invalid_document_target',
      `Documents are attached to evidence records, not to a ${String(kind)}.`,
      {
        kind,
        allowed: DOCUMENT_RECORD_KINDS,
      },
    );
  }
  checkDocumentPermission(kind, metadata.actor.role);
  const purposes: readonly string[] = DOCUMENT_PURPOSES_BY_KIND[kind];
  if (!purposes.includes(purpose)) {
    throw new DomainError('invalid_document_target', `A ${kind} takes no document of purpose ${purpose}.`, {
      kind,
      purpose,
      allowed: purposes,
    });
  }
  const record = findRecord(state, { kind, id: attachedTo.id });
  if (!record) {
    throw new DomainError('record_not_found', `No ${kind} with id ${attachedTo.id} on this project.`, {
      kind,
      id: attachedTo.id,
    });
  }
  if (record.retracted === true) {
    throw new DomainError('record_retracted', `The ${kind} ${attachedTo.id} was retracted.`, {
      kind,
      id: attachedTo.id,
    });
  }
  if (kind === 'milestone' && metadata.actor.role === 'clinician') {
    if (typeof record.loggedBy !== 'string' || personKey(record.loggedBy) !== personKey(metadata.actor.id)) {
      throw new DomainError(
        'not_record_author',
        'Only the clinician who logged the milestone may attach its documents.',
        {
          milestoneId: attachedTo.id,
        },
      );
    }
  }
  const onDeficiency = purpose === 'deficiency_letter' || purpose === 'deficiency_answer';
  if (onDeficiency) {
    const deficiencies = (record.deficiencies ?? []) as { answeredOn: string | null }[];
    const i = p.deficiency;
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= deficiencies.length) {
      throw new DomainError(
        'invalid_document_target',
        'Name the deficiency (0 = the first received) the letter or answer belongs to.',
        {
          field: 'deficiency',
          deficiencies: deficiencies.length,
        },
      );
    }
    if (purpose === 'deficiency_answer' && deficiencies[i].answeredOn === null) {
      throw new DomainError('invalid_document_target', 'Record the answer to this deficiency before attaching it.', {
        field: 'deficiency',
        deficiency: i,
      });
    }
  } else if (p.deficiency !== null && p.deficiency !== undefined) {
    throw new DomainError('invalid_document_target', 'Only a deficiency letter or answer names a deficiency.', {
      field: 'deficiency',
    });
  }
  return { kind, id: attachedTo.id };
}

/** The record the document event adds to the state's documents (and the one it supersedes, marked). */
export function documentRecordOf(
  event: DocumentEvent,
  revision: number,
  previous: DocumentRecord | undefined,
): DocumentRecord {
  const { projectId: _projectId, ...d } = event.data;
  const superseding = event.type === 'DocumentSuperseded' ? event.data : null;
  return {
    documentId: d.documentId,
    sha256: d.sha256,
    fileName: d.fileName,
    mediaType: d.mediaType,
    size: d.size,
    attachedTo: d.attachedTo,
    purpose: d.purpose,
    deficiency: d.deficiency ?? null,
    version: previous ? previous.version + 1 : 1,
    supersedes: superseding?.supersedes ?? null,
    reason: superseding?.reason ?? null,
    supersededBy: null,
    revision,
  };
}

/** The current documents of one record, oldest first (superseded versions are kept in `state.documents`). */
export function documentsOf(state: ProjectState, target: DocumentTarget): DocumentRecord[] {
  return Object.values(state.documents)
    .filter((doc) => doc.attachedTo.kind === target.kind && doc.attachedTo.id === target.id)
    .sort((a, b) => a.revision - b.revision);
}
