import { Alert, Badge, Button, Group, Modal, NativeSelect, Progress, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { size } from './document-note';
import { describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { pct } from '../../ui/format';
import { groupLabel } from '../../ui/labels';
import type { ProjectView } from '../projects/project-queries';
import {
  DOCUMENT_REGISTRIES,
  fetchDocument,
  PREVIEWABLE,
  PURPOSES_BY_KIND,
  saveDocument,
  uploadDocument,
  useDocuments,
  useDocumentsChanged,
  type DocumentKind,
  type DocumentPurpose,
  type DocumentView,
  type UploadTarget,
} from './document-queries';

/** Whether the signed-in user may add documents to this kind of record (the API decides; this only hides buttons). */
function useMayUpload(kind: DocumentKind): boolean {
  const { me } = useSession();
  const role = me?.actor.role;
  return role === 'innovation_office' || (role === 'clinician' && (kind === 'trial' || kind === 'milestone'));
}

/** The documents of one record (current versions, each with its earlier ones), and a drop zone to add one. */
export function RecordDocuments({ projectId, kind, recordId, deficiencies = 0 }: { projectId: string; kind: DocumentKind; recordId: string; deficiencies?: number }) {
  const { t } = useTranslation('documents');
  const documents = useDocuments(projectId);
  const mayUpload = useMayUpload(kind);
  const [adding, setAdding] = useState(false);
  const mine = (documents.data ?? []).filter((d) => d.attachedTo.kind === kind && d.attachedTo.id === recordId);
  const current = mine.filter((d) => d.supersededBy === null);
  return (
    <div className="record-documents" data-documents-of={`${kind}:${recordId}`}>
      <Group gap={6} mt={4} align="center">
        <Text size="xs" fw={600}>{t('heading')}</Text>
        {current.length === 0 && <Text size="xs" c="dimmed">{t('noneShort')}</Text>}
        {mayUpload && !adding && (
          <Button size="compact-xs" variant="light" data-action="add-document" onClick={() => setAdding(true)}>{t('drop.upload')}</Button>
        )}
      </Group>
      {current.length > 0 && (
        <ul className="documents" style={{ margin: '2px 0', paddingLeft: 18 }}>
          {current.map((doc) => (
            <DocumentItem key={doc.documentId} projectId={projectId} doc={doc} all={mine} mayUpload={mayUpload} />
          ))}
        </ul>
      )}
      {adding && (
        <UploadZone
          target={{ projectId }}
          kind={kind}
          recordId={recordId}
          deficiencies={deficiencies}
          onDone={() => setAdding(false)}
        />
      )}
    </div>
  );
}

function DocumentItem({ projectId, doc, all, mayUpload }: { projectId: string; doc: DocumentView; all: DocumentView[]; mayUpload: boolean }) {
  const { t } = useTranslation('documents');
  const [previewing, setPreviewing] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Earlier versions, newest first, following each one's predecessor.
  const earlier: DocumentView[] = [];
  for (let at = doc.supersedes; at; ) {
    const previous = all.find((d) => d.documentId === at);
    if (!previous) break;
    earlier.push(previous);
    at = previous.supersedes;
  }
  const download = (d: DocumentView) => saveDocument(projectId, d).catch((e: unknown) => setError(integrityOr(e, t)));
  return (
    <li data-document={doc.documentId} data-file-name={doc.fileName}>
      <Group gap={6} wrap="wrap">
        <Text size="sm" translate="no" component="span" style={{ wordBreak: 'break-all' }}>{doc.fileName}</Text>
        <Badge size="xs" variant="light">{t(`purpose.${doc.purpose}`)}</Badge>
        {doc.version > 1 && <Badge size="xs" variant="outline">{t('version', { version: doc.version })}</Badge>}
        <Text size="xs" c="dimmed" component="span">{size(doc.size, t)}</Text>
        <Text size="xs" c="dimmed" component="span" title={doc.sha256} className="mono">{t('sha256')} <span translate="no">{doc.sha256.slice(0, 12)}…</span></Text>
        {PREVIEWABLE.has(doc.mediaType) && (
          <Button size="compact-xs" variant="subtle" data-action="open-document" onClick={() => setPreviewing(true)}>{t('open')}</Button>
        )}
        <Button size="compact-xs" variant="subtle" data-action="download-document" onClick={() => void download(doc)}>{t('download')}</Button>
        {mayUpload && !replacing && (
          <Button size="compact-xs" variant="subtle" data-action="new-version" onClick={() => setReplacing(true)}>{t('newVersion')}</Button>
        )}
      </Group>
      {doc.reason && <Text size="xs" c="dimmed">{t('reasonLabel')} <span translate="no">{doc.reason}</span></Text>}
      {earlier.length > 0 && (
        <details>
          <summary><Text size="xs" component="span">{t('supersededVersions', { count: earlier.length })}</Text></summary>
          <ul style={{ paddingLeft: 18 }}>
            {earlier.map((e) => (
              <li key={e.documentId} data-document={e.documentId}>
                <Group gap={6}>
                  <Text size="xs" translate="no" component="span" td="line-through">{e.fileName}</Text>
                  <Badge size="xs" variant="outline">{t('version', { version: e.version })}</Badge>
                  <Badge size="xs" color="gray">{t('superseded')}</Badge>
                  <Button size="compact-xs" variant="subtle" onClick={() => void download(e)}>{t('download')}</Button>
                </Group>
              </li>
            ))}
          </ul>
        </details>
      )}
      {error && <Alert color="danger" variant="light" role="alert" mt={4}>{error}</Alert>}
      {replacing && (
        <UploadZone target={{ projectId }} kind={doc.attachedTo.kind} recordId={doc.attachedTo.id} replaces={doc} onDone={() => setReplacing(false)} />
      )}
      {previewing && <PreviewModal projectId={projectId} doc={doc} onClose={() => setPreviewing(false)} />}
    </li>
  );
}

/** A PDF or an image, from an object URL of the authenticated download; nothing else is ever rendered in the page. */
function PreviewModal({ projectId, doc, onClose }: { projectId: string; doc: DocumentView; onClose: () => void }) {
  const { t } = useTranslation('documents');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    fetchDocument(projectId, doc).then(
      (blob) => {
        made = URL.createObjectURL(blob);
        if (live) setUrl(made);
      },
      (e: unknown) => live && setError(integrityOr(e, t)),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [projectId, doc, t]);
  return (
    <Modal opened onClose={onClose} size="xl" title={<span translate="no">{doc.fileName}</span>} closeButtonProps={{ 'aria-label': t('close') }}>
      {error && <Alert color="danger" role="alert">{error}</Alert>}
      {url && doc.mediaType === 'application/pdf' && (
        <iframe src={url} title={t('preview')} data-preview="pdf" style={{ width: '100%', height: '75vh', border: '1px solid var(--line)' }} />
      )}
      {url && doc.mediaType.startsWith('image/') && (
        <img src={url} alt={t('preview')} data-preview="image" style={{ maxWidth: '100%', maxHeight: '75vh', display: 'block', margin: '0 auto' }} />
      )}
      {!url && !error && <Text size="sm" c="dimmed">{t('preview')}…</Text>}
    </Modal>
  );
}

/** Drag and drop (or choose) one file, say what it is, and watch it go up. */
function UploadZone({
  target,
  kind,
  recordId,
  deficiencies = 0,
  replaces,
  onDone,
}: {
  target: Pick<UploadTarget, 'projectId'>;
  kind: DocumentKind;
  recordId: string;
  deficiencies?: number;
  replaces?: DocumentView;
  onDone: () => void;
}) {
  const { t } = useTranslation('documents');
  const changed = useDocumentsChanged(target.projectId);
  const purposes = PURPOSES_BY_KIND[kind];
  const [purpose, setPurpose] = useState<DocumentPurpose>(purposes[0]);
  const [deficiency, setDeficiency] = useState(0);
  const [reason, setReason] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const onDeficiency = purpose === 'deficiency_letter' || purpose === 'deficiency_answer';

  const drop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const dropped = e.dataTransfer.files?.[0];
    if (dropped) setFile(dropped);
  };
  const send = async () => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      await uploadDocument(
        replaces
          ? { projectId: target.projectId, supersede: { documentId: replaces.documentId, reason } }
          : { projectId: target.projectId, attach: { kind, recordId, purpose, deficiency: onDeficiency ? deficiency : null } },
        file,
        setProgress,
      );
      await changed();
      onDone();
    } catch (e) {
      setProgress(null);
      setError(describeProblem(e));
    }
  };

  return (
    <Stack gap={6} mt={6} p={8} style={{ border: '1px solid var(--line)', borderRadius: 6 }} data-upload-zone={`${kind}:${recordId}`}>
      <div
        role="button"
        tabIndex={0}
        data-drop-zone
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        onClick={() => input.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
        style={{
          border: `2px dashed ${over ? 'var(--mantine-color-brand-6, #228be6)' : 'var(--line, #ccc)'}`,
          borderRadius: 6,
          padding: 14,
          textAlign: 'center',
          cursor: 'pointer',
          background: over ? 'var(--mantine-color-brand-0, #e7f5ff)' : undefined,
        }}
      >
        <Text size="sm">{t('drop.title')}</Text>
        <Text size="xs" c="dimmed">{t('drop.hint')}</Text>
        {file && <Text size="sm" mt={4} translate="no" data-chosen-file>{file.name}</Text>}
        <input ref={input} type="file" hidden data-file-input onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} aria-label={t('drop.choose')} />
      </div>
      {replaces ? (
        <Textarea label={t('drop.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={1} required data-field="reason" />
      ) : (
        <Group grow>
          <NativeSelect
            label={t('drop.purpose')}
            value={purpose}
            data-field="purpose"
            onChange={(e) => setPurpose(e.currentTarget.value as DocumentPurpose)}
            data={purposes.map((p) => ({ value: p, label: t(`purpose.${p}`) }))}
          />
          {onDeficiency && (
            <NativeSelect
              label={t('drop.deficiency')}
              value={String(deficiency)}
              onChange={(e) => setDeficiency(Number(e.currentTarget.value))}
              data={Array.from({ length: Math.max(deficiencies, 1) }, (_, i) => ({ value: String(i), label: t('drop.deficiencyOption', { number: i + 1 }) }))}
            />
          )}
        </Group>
      )}
      {progress !== null && (
        <div>
          <Progress value={progress * 100} size="sm" aria-label={t('drop.uploading', { percent: pct(progress) })} data-upload-progress={Math.round(progress * 100)} />
          <Text size="xs" c="dimmed">{t('drop.uploading', { percent: pct(progress) })}</Text>
        </div>
      )}
      {error && <Alert color="danger" variant="light" role="alert">{error}</Alert>}
      <Group gap={6}>
        <Button size="xs" data-action="upload-document" disabled={!file || progress !== null || (!!replaces && !reason.trim())} onClick={() => void send()}>
          {t('drop.upload')}
        </Button>
        <Button size="xs" variant="subtle" onClick={onDone} disabled={progress !== null}>{t('cancel')}</Button>
      </Group>
    </Stack>
  );
}

/**
 * The evidence checklist's documents: each record that satisfies a requirement of the next gate, with its
 * documents (and a way to add them).
 */
export function EvidenceDocuments({ project }: { project: ProjectView }) {
  const { t } = useTranslation('documents');
  const records = project.records as Record<string, Record<string, unknown>[]>;
  const rows = project.nextGateEvidence.flatMap((requirement) =>
    requirement.records
      .filter((r) => Object.values(DOCUMENT_REGISTRIES).some((x) => x.kind === r.kind))
      .map((r) => ({ requirement: requirement.code, record: r })),
  );
  if (project.nextGateEvidence.length === 0) return null;
  return (
    <div id="evidence-documents">
      <Text size="sm" fw={600} mt="sm">{t('checklistHeading')}</Text>
      {rows.length === 0 && <Text size="xs" c="dimmed">{t('checklistNone')}</Text>}
      {rows.map(({ requirement, record }) => {
        const submission = record.kind === 'submission' ? (records.submissions ?? []).find((s) => s.submissionId === record.id) : undefined;
        return (
          <div key={`${requirement}:${record.kind}:${record.id}`} data-evidence-record={`${record.kind}:${record.id}`} style={{ borderBottom: '1px solid var(--line)', padding: '4px 0' }}>
            <Text size="xs" c="dimmed">{groupLabel('evidence', requirement)}</Text>
            <Text size="sm" translate="no">{record.title}{record.reference ? ` · ${record.reference}` : ''}</Text>
            <RecordDocuments
              projectId={project.projectId}
              kind={record.kind as DocumentKind}
              recordId={record.id}
              deficiencies={Array.isArray(submission?.deficiencies) ? submission.deficiencies.length : 0}
            />
          </div>
        );
      })}
    </div>
  );
}

/** The documents of a record in the project's record list (registry name and record as the project view gives them). */
export function RecordDocumentsFor({ projectId, registry, record }: { projectId: string; registry: string; record: Record<string, unknown> }) {
  const target = DOCUMENT_REGISTRIES[registry];
  if (!target) return null;
  const deficiencies = Array.isArray(record.deficiencies) ? record.deficiencies.length : 0;
  return <RecordDocuments projectId={projectId} kind={target.kind} recordId={String(record[target.idKey])} deficiencies={deficiencies} />;
}

function integrityOr(error: unknown, t: (key: 'integrity') => string): string {
  const code = (error as { problem?: { code?: string } })?.problem?.code;
  return code === 'document_integrity_failed' ? t('integrity') : describeProblem(error);
}
