// The project decider's public face: everything outside the domain imports it from here.
export * from './shared/values';
export * from './shared/errors';
export type { CommandMetadata } from './shared/shapes';
export { MAX_COUNT } from './shared/rules';
export * from './commands';
export * from './events';
export * from './state';
export { evolve, evolveAll } from './evolve';
export { decide } from './decide';
export { ALLOWED_ON_HOLD, checkPermission, IMPORTABLE, PERMITTED_ROLES } from './authorize';

export * from './projects/projects.payloads';
export * from './ideas/ideas.payloads';
export * from './disclosures/disclosures.payloads';
export * from './patents/patents.payloads';
export * from './prototype/prototype.payloads';
export * from './equivalence/equivalence.payloads';
export * from './trials/trials.payloads';
export * from './designations/designations.payloads';
export * from './submissions/regulatory-tracks';
export * from './submissions/submissions.payloads';
export * from './team/team.payloads';
export * from './milestones/milestones.payloads';
export * from './corrections/corrections.payloads';
export { CORRECTABLE_FIELDS } from './corrections/corrections.decider';
export * from './gates/gates.payloads';
export { changesRecord, collectedOf, SIGNATURE_EVENT_TYPES, standingSignatures } from './gates/gate-signatures';
export {
  evidenceFor,
  evidenceMessage,
  GATE_EVIDENCE,
  gateEvidence,
  goTargets,
  missingEvidence,
  nextStage,
} from './gates/gate-evidence';
export * from './conditions/conditions.payloads';
export { isOverdue, openConditions } from './conditions/conditions.decider';
export * from './documents/documents.payloads';
export {
  checkDocumentPermission,
  decideDocument,
  DOCUMENT_ROLES_BY_KIND,
  documentRecordOf,
  documentsOf,
  MAX_FILE_NAME,
  sanitizeFileName,
  SHA256_HEX,
} from './documents/documents.decider';
export * from './deadlines/deadlines';
