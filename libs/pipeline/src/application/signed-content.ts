import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@app/event-store';

/**
 * The content hash a gate signature records: sha256 over the project's events up to the signed revision,
 * as canonical JSON (keys sorted) of revision, event id, type, schema version and data. Store-independent,
 * so anyone holding the history can recompute what the signer saw.
 */
export function signedContentHash(events: readonly RecordedEvent[], upToRevision: number): string {
  const signed = events
    .filter((e) => e.revision <= upToRevision)
    .map((e) => ({ revision: e.revision, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data }));
  return `sha256:${createHash('sha256').update(canonicalJson(signed)).digest('hex')}`;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
