import { useTranslation } from 'react-i18next';
import { fmtNumber } from '../../ui/format';
import { recordKindLabel } from '../../ui/labels';

/** A file's size as people read it: bytes under a KiB, else KB with one decimal. */
export function size(bytes: number, t: (key: 'size' | 'sizeBytes', options: { size: string }) => string): string {
  return bytes < 1024 ? t('sizeBytes', { size: fmtNumber(bytes) }) : t('size', { size: fmtNumber(bytes / 1024, 1) });
}

export const DOCUMENT_EVENTS = ['DocumentAttached', 'DocumentSuperseded'];
/** What a document event carries that DocumentNote says in words (the rest, a reason, stays the history's). */
export const DOCUMENT_FIELDS = ['documentId', 'sha256', 'fileName', 'mediaType', 'size', 'attachedTo', 'purpose', 'deficiency', 'supersedes'];

interface DocumentData {
  fileName?: string;
  purpose?: string;
  size?: number;
  mediaType?: string;
  sha256?: string;
  attachedTo?: { kind?: string };
  deficiency?: number | null;
}

// A document's line in a project's history: the file by its name, what it is for and on which kind of record, its size
// and type, the start of its sha256 (the whole on hover) — not the event's field names.
export function DocumentNote({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation('documents');
  const d = data as DocumentData;
  return (
    <div className="reason document-note">
      <span translate="no" style={{ wordBreak: 'break-all' }}>{d.fileName}</span>
      {' · '}
      {d.purpose ? t(`purpose.${d.purpose}` as 'purpose.other') : ''}
      {d.attachedTo?.kind ? ` · ${recordKindLabel(d.attachedTo.kind)}` : ''}
      {typeof d.deficiency === 'number' ? ` · ${t('drop.deficiencyOption', { number: d.deficiency + 1 })}` : ''}
      {typeof d.size === 'number' ? ` · ${size(d.size, t)}` : ''}
      {d.mediaType ? <> · <span translate="no">{d.mediaType}</span></> : null}
      {d.sha256 ? (
        <>
          {' · '}
          <span className="mono" title={d.sha256}>{t('sha256')} <span translate="no">{d.sha256.slice(0, 12)}…</span></span>
        </>
      ) : null}
    </div>
  );
}
