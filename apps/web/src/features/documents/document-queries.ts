import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey, session, unwrap } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import type { components } from '../../api/schema';

export type DocumentView = components['schemas']['DocumentView'];
export type DocumentAccepted = components['schemas']['DocumentAcceptedResponse'];
export type DocumentKind = DocumentView['attachedTo']['kind'];
export type DocumentPurpose = DocumentView['purpose'];

/** The record kinds a document attaches to, by the project view's registry (and the key of each record's id). */
export const DOCUMENT_REGISTRIES: Readonly<Record<string, { kind: DocumentKind; idKey: string }>> = {
  disclosures: { kind: 'invention_disclosure', idKey: 'disclosureId' },
  patents: { kind: 'patent', idKey: 'patentId' },
  verificationTests: { kind: 'verification_test', idKey: 'testId' },
  designReviews: { kind: 'design_review', idKey: 'reviewId' },
  ethicsApprovals: { kind: 'ethics_approval', idKey: 'ethicsApprovalId' },
  trials: { kind: 'trial', idKey: 'trialId' },
  equivalenceEvaluations: { kind: 'equivalence_evaluation', idKey: 'evaluationId' },
  submissions: { kind: 'submission', idKey: 'submissionId' },
  approvals: { kind: 'approval', idKey: 'submissionId' },
  milestones: { kind: 'milestone', idKey: 'milestoneId' },
  trialAuthorisations: { kind: 'trial_authorisation', idKey: 'authorisationId' },
  designations: { kind: 'designation', idKey: 'designationId' },
};

/** What a document may be for each kind of record (the domain's own list; `other` fits any). */
export const PURPOSES_BY_KIND: Readonly<Record<DocumentKind, readonly DocumentPurpose[]>> = {
  verification_test: ['test_report', 'product_technical_requirements', 'risk_management_file', 'other'],
  design_review: ['review_minutes', 'risk_management_file', 'product_technical_requirements', 'other'],
  ethics_approval: ['approval_letter', 'nsr_determination', 'other'],
  trial: ['trial_protocol', 'trial_results', 'trial_approval_exemption', 'nsr_determination', 'cmc_dossier', 'other'],
  submission: ['submission_dossier', 'deficiency_letter', 'deficiency_answer', 'clinical_evaluation_report', 'clinical_evaluation_exemption', 'qms_certificate', 'cmc_dossier', 'other'],
  approval: ['approval_certificate', 'qms_certificate', 'other'],
  invention_disclosure: ['disclosure_form', 'patent_search_report', 'other'],
  patent: ['patent_filing', 'patent_search_report', 'other'],
  equivalence_evaluation: ['evaluation_report', 'clinical_evaluation_report', 'clinical_evaluation_exemption', 'other'],
  milestone: ['attachment', 'other'],
  trial_authorisation: ['authorisation_letter', 'other'],
  designation: ['designation_letter', 'other'],
};

/** Shown inside the page (object URL of the authenticated download): PDFs and raster images only, never HTML or SVG. */
export const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function useDocuments(projectId: string | null | undefined) {
  return useQuery({
    queryKey: ['documents', projectId],
    enabled: !!projectId,
    queryFn: () => unwrap(api.GET('/projects/{projectId}/documents', { params: { path: { projectId: projectId! } } })),
  });
}

/** After an upload: the documents, the project (its revision) and its history change. */
export function useDocumentsChanged(projectId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['documents', projectId] }),
      client.invalidateQueries({ queryKey: ['project', projectId] }),
      client.invalidateQueries({ queryKey: ['history', projectId] }),
    ]);
}

export interface UploadTarget {
  projectId: string;
  /** A first document on a record... */
  attach?: { kind: DocumentKind; recordId: string; purpose: DocumentPurpose; deficiency?: number | null };
  /** ...or a new version of one, with the reason. */
  supersede?: { documentId: string; reason: string };
}

/**
 * Sends one file as multipart/form-data with XMLHttpRequest, whose upload events report progress (fetch cannot),
 * the bearer token and a fresh Idempotency-Key (a retry of the same file writes once). Rejects with an ApiProblem.
 */
export function uploadDocument(target: UploadTarget, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<DocumentAccepted> {
  const form = new FormData();
  let path: string;
  if (target.supersede) {
    path = `/projects/${target.projectId}/documents/${target.supersede.documentId}/versions`;
    form.append('reason', target.supersede.reason);
  } else {
    const a = target.attach!;
    path = `/projects/${target.projectId}/documents`;
    form.append('kind', a.kind);
    form.append('recordId', a.recordId);
    form.append('purpose', a.purpose);
    if (a.deficiency !== undefined && a.deficiency !== null) form.append('deficiency', String(a.deficiency));
  }
  // The fields come first: the API checks the record and the rights before it stores a byte.
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const token = session.token();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Idempotency-Key', newIdempotencyKey());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as unknown as DocumentAccepted);
      reject(
        new ApiProblem(xhr.status, {
          type: String(body.type ?? 'about:blank'),
          title: String(body.title ?? `HTTP ${xhr.status}`),
          status: xhr.status,
          code: String(body.code ?? `http_${xhr.status}`),
          ...body,
        } as never),
      );
    };
    const offline = () =>
      reject(new ApiProblem(0, { type: 'about:blank', title: 'The service could not be reached', status: 0, code: 'network_error' } as never));
    xhr.onerror = offline;
    xhr.onabort = offline;
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

/** The document's bytes through the authenticated download (the API checks their sha256 on the way), as a Blob. */
export async function fetchDocument(projectId: string, doc: DocumentView): Promise<Blob> {
  const token = session.token();
  const res = await fetch(`/projects/${projectId}/documents/${doc.documentId}/content`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  }).catch(() => null);
  if (!res) throw new ApiProblem(0, { type: 'about:blank', title: 'The service could not be reached', status: 0, code: 'network_error' } as never);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiProblem(res.status, { type: 'about:blank', title: String(body.title ?? res.statusText), status: res.status, code: String(body.code ?? `http_${res.status}`), ...body } as never);
  }
  // A cut connection (bytes that failed their check) rejects here: nothing half-read is shown.
  const bytes = await res.arrayBuffer();
  if (bytes.byteLength !== doc.size) throw new ApiProblem(500, { type: 'about:blank', title: 'Integrity', status: 500, code: 'document_integrity_failed' } as never);
  return new Blob([bytes], { type: doc.mediaType });
}

/** Saves the document under its recorded name (never opened by the browser itself). */
export async function saveDocument(projectId: string, doc: DocumentView): Promise<void> {
  const blob = await fetchDocument(projectId, doc);
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = doc.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
