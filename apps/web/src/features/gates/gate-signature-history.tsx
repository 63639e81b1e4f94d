import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { fmtDateTime } from '../../ui/format';
import { groupLabel, roleLabel } from '../../ui/labels';

export type SigningStatus = components['schemas']['SigningStatus'];
type Data = Record<string, unknown>;

// The history's lines for a go collecting several signatures: what became of each signature (pending, counted,
// withdrawn, invalidated and by which event), a withdrawal's signer, and whose signatures a change invalidated.

/** The events of a go collecting signatures, whose payload reads through GateSignatureNote instead of field by field. */
export const GATE_SIGNATURE_EVENTS = ['GateSignatureCollected', 'GateSignatureRevoked', 'GateSignaturesInvalidated'];
/** Payload fields those events carry that the note says better (or that are the API's English). */
export const GATE_SIGNATURE_HIDDEN = ['decision', 'fromTemplateStage', 'toTemplateStage', 'evidence', 'missing', 'signatureRevision', 'signerId', 'printedName', 'role', 'account', 'signedRevision', 'reason', 'revokedAt', 'invalidated', 'causedBy'];

const STATE_COLOR: Record<SigningStatus['state'], string> = { pending: 'warning', counted: 'success', revoked: 'gray', invalidated: 'danger' };

export function GateSignatureNote({ type, data, signing }: { type: string; data: Data; signing?: SigningStatus }) {
  const { t } = useTranslation('gates');
  if (type === 'GateSignatureCollected') {
    return (
      <div className="reason gate-signing" data-signing={signing?.state}>
        {t('history.signature')}{' '}
        {signing && (
          <Badge size="xs" color={STATE_COLOR[signing.state]} data-state={signing.state}>{t(`history.state.${signing.state}`)}</Badge>
        )}
        {signing?.byType && <> {t('history.by', { event: groupLabel('event', String(signing.byType)), revision: String(signing.byRevision ?? '') })}</>}
      </div>
    );
  }
  if (type === 'GateSignatureRevoked') {
    return (
      <div className="reason gate-signing">
        {t('history.withdrawn', { revision: String(data.signatureRevision) })} <span translate="no">{String(data.printedName)}</span> ({roleLabel(String(data.role))})
      </div>
    );
  }
  const invalidated = (Array.isArray(data.invalidated) ? data.invalidated : []) as { printedName: string; role: string; signatureRevision: number }[];
  const cause = (data.causedBy ?? {}) as { type?: string; revision?: number };
  return (
    <div className="reason gate-signing">
      {t('history.invalidated', { event: groupLabel('event', String(cause.type ?? '')), revision: String(cause.revision ?? '') })}{' '}
      {invalidated.map((s, i) => (
        <span key={s.signatureRevision}>{i ? ', ' : ''}<span translate="no">{s.printedName}</span> ({roleLabel(s.role)})</span>
      ))}
    </div>
  );
}

/** A go that collected several signatures: every signer it counted, in the order they signed. */
export function CountedSigners({ signatures }: { signatures: unknown }) {
  const { t } = useTranslation('gates');
  if (!Array.isArray(signatures) || signatures.length < 2) return null;
  return (
    <div className="reason gate-signing" data-counted={signatures.length}>
      {t('history.counted', { count: signatures.length })}{' '}
      {(signatures as { printedName: string; role: string; signedAt: string }[]).map((s, i) => (
        <span key={`${s.printedName}-${s.signedAt}`}>{i ? '; ' : ''}<span translate="no">{s.printedName}</span> ({roleLabel(s.role)}, {fmtDateTime(s.signedAt)})</span>
      ))}
    </div>
  );
}
